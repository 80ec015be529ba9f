export type Settled<T> = { value: T } | { error: unknown };

/**
 * Work started ahead of the step that needs it (an argon2 hash or verify, a read while one runs),
 * settled into a value at once: a failure while other steps run is never an unhandled rejection,
 * and `unsettled` throws it where the value is used.
 */
export function settled<T>(work: Promise<T>): Promise<Settled<T>> {
  return work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

export function unsettled<T>(result: Settled<T>): T {
  if ("error" in result) throw result.error;
  return result.value;
}
