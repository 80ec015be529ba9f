/** A time as admins read it across time zones: `2026-11-25 22:30:51 UTC`. */
export function formatTime(date: Date | null | undefined): string {
  if (!date) return "—";
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** Pretty JSON for <pre> blocks. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? "";
}
