/** Where lib/reset/transition.ts reports each move while the Vitest recorder is installed. */
export const TRANSITION_RECORDER = Symbol.for("rekey.reset.transitions");

export type TransitionRecord = { taken: Set<string> };

/** Records `from -> to` when a test run is recording; a no-op everywhere else. */
export function recordTransition(from: string, to: string): void {
  (globalThis as Record<symbol, TransitionRecord | undefined>)[TRANSITION_RECORDER]?.taken.add(`${from} -> ${to}`);
}
