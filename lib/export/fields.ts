import { z } from "zod";

/** Auth0 exports at most 30 fields to CSV (and we hold JSON to the same). */
export const MAX_EXPORT_FIELDS = 30;

/** `user_metadata.country`, `identities[0].connection`: dots and bracketed indexes. */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_-]*(?:\[\d{1,3}\])?(?:\.[A-Za-z_][A-Za-z0-9_-]*(?:\[\d{1,3}\])?){0,7}$/;

export const exportFieldSchema = z
  .object({
    name: z.string().min(1).max(200).regex(FIELD_PATH, "A field name is a path such as email, user_metadata.country or identities[0].connection."),
    export_as: z.string().min(1).max(200).optional(),
  })
  .strict();
export type ExportField = z.infer<typeof exportFieldSchema>;

/** Whole objects Auth0 refuses in a CSV export: name their fields one by one. */
const OBJECT_FIELDS = new Set(["app_metadata", "user_metadata", "identities"]);

/** What a request without `fields` exports (Auth0's default profile fields). */
export const DEFAULT_EXPORT_FIELDS: ExportField[] = [
  "user_id", "email", "email_verified", "username", "name", "given_name", "family_name", "nickname", "picture",
  "phone_number", "phone_verified", "blocked", "created_at", "updated_at", "last_login", "logins_count",
].map((name) => ({ name }));

/** Refuses what a CSV cannot hold; returns a message, or null when the fields are fine. */
export function csvFieldProblem(fields: readonly ExportField[]): string | null {
  const whole = fields.find((f) => OBJECT_FIELDS.has(f.name));
  return whole ? `The whole ${whole.name} object cannot be exported to CSV: name its fields (${whole.name}.<field>).` : null;
}

/** Reads `a.b[0].c` from a plain object; undefined when any step is missing. */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const step of path.split(".")) {
    const match = /^([^[]+)(?:\[(\d+)\])?$/.exec(step);
    if (!match || current === null || typeof current !== "object") return undefined;
    current = Object.hasOwn(current, match[1]!) ? (current as Record<string, unknown>)[match[1]!] : undefined;
    if (match[2] !== undefined) current = Array.isArray(current) ? current[Number(match[2])] : undefined;
  }
  return current;
}

/** One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line of a CSV export. */
export function csvHeader(fields: readonly ExportField[]): string {
  return fields.map((f) => csvCell(f.export_as ?? f.name)).join(",") + "\n";
}

/** One user as a line of the export: CSV, or JSON with one object per line as Auth0 writes it. */
export function exportLine(user: unknown, fields: readonly ExportField[], format: "json" | "csv"): string {
  if (format === "csv") return fields.map((f) => csvCell(readPath(user, f.name))).join(",") + "\n";
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const value = readPath(user, f.name);
    if (value !== undefined) out[f.export_as ?? f.name] = value;
  }
  return JSON.stringify(out) + "\n";
}
