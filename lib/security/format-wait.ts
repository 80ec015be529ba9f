/**
 * The wait a rate-limited person is told, as the catalog's `limits.tooMany` takes it: seconds
 * under a minute, else whole minutes rounded up ("45 seconds", "1 minute", "3 minutes" in English).
 */
export function waitOf(seconds: number): { unit: "second" | "minute"; count: number } {
  if (seconds < 60) return { unit: "second", count: seconds };
  return { unit: "minute", count: Math.ceil(seconds / 60) };
}
