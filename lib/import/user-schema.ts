import { z } from "zod";
import { MalformedHashError, storedFormOfCustomHash, isBcrypt } from "@/lib/passwords";
import { boundedJsonObject, text } from "@/lib/validation";

/** Keys Auth0 refuses in an imported `app_metadata`: they are the user record's own fields. */
const RESERVED_APP_METADATA = [
  "__tenant", "_id", "blocked", "clientID", "created_at", "email_verified", "email", "globalClientID", "global_client_id",
  "identities", "lastIP", "lastLogin", "loginsCount", "metadata", "multifactor_last_modified", "multifactor", "updated_at", "user_id",
];

const mfaFactor = z.union([
  z.object({ totp: z.object({ secret: z.string().regex(/^[A-Z2-7]{16,128}=*$/i, "A TOTP secret is base32 (A-Z, 2-7), 16 characters or more.") }).strict() }).strict(),
  z.object({ phone: z.object({ value: z.string().regex(/^\+[1-9]\d{6,14}$/, "A phone number is E.164, like +14155550100.") }).strict() }).strict(),
  z.object({ email: z.object({ value: z.email().max(254) }).strict() }).strict(),
]);

/** One user of Auth0's import file, as Auth0's JSON schema describes it. */
export const importUserSchema = z
  .object({
    email: z.string().max(254).pipe(z.email()),
    email_verified: z.boolean().default(false),
    user_id: z
      .string()
      .regex(/^(?:auth0\|)?[0-9a-f]{24}$/, "user_id must be 24 lowercase hex characters (Auth0's own format), with or without auth0|.")
      .optional(),
    username: text({ max: 128 }).regex(/^[^@\s]+$/, "A username cannot contain @ or spaces.").optional(),
    given_name: text({ max: 150 }).optional(),
    family_name: text({ max: 150 }).optional(),
    name: text({ max: 300 }).optional(),
    nickname: text({ max: 300 }).optional(),
    picture: z.url().max(2048).optional(),
    blocked: z.boolean().default(false),
    phone_number: z.string().regex(/^\+[1-9]\d{6,14}$/, "phone_number must be E.164.").optional(),
    phone_verified: z.boolean().default(false),
    app_metadata: boundedJsonObject
      .superRefine((value, ctx) => {
        for (const key of RESERVED_APP_METADATA) if (key in value) ctx.addIssue({ code: "custom", path: [key], message: `app_metadata cannot contain ${key}.` });
      })
      .optional(),
    user_metadata: boundedJsonObject.optional(),
    password_hash: z.string().refine(isBcrypt, "password_hash must be a bcrypt hash ($2a$, $2b$ or $2y$).").optional(),
    custom_password_hash: z.unknown().optional(),
    mfa_factors: z.array(mfaFactor).max(10).optional(),
  })
  .strict()
  .superRefine((user, ctx) => {
    if (user.password_hash !== undefined && user.custom_password_hash !== undefined) {
      ctx.addIssue({ code: "custom", path: ["custom_password_hash"], message: "password_hash and custom_password_hash cannot both be set." });
    }
  });

export type ImportUser = z.infer<typeof importUserSchema> & { storedHash: string | null };

/** Auth0's error entry for one refused user. */
export type ImportIssue = { code: string; message: string; path: string };

/** Auth0's codes for schema failures, from zod's issue kinds. */
function codeOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "OBJECT_MISSING_REQUIRED_PROPERTY" : "INVALID_TYPE";
    case "unrecognized_keys":
      return "OBJECT_ADDITIONAL_PROPERTIES";
    case "invalid_value":
      return "ENUM_MISMATCH";
    default:
      return "INVALID_FORMAT";
  }
}

/**
 * Validates one parsed element. Every problem is reported with its path (Auth0's error shape),
 * the password hash included: a hash that cannot be verified later is refused now.
 */
export function parseImportUser(value: unknown): { ok: true; user: ImportUser } | { ok: false; errors: ImportIssue[] } {
  const parsed = importUserSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        code: codeOf(issue),
        message: issue.code === "unrecognized_keys" ? `Additional properties not allowed: ${issue.keys.join(", ")}` : issue.message,
        path: issue.path.join("."),
      })),
    };
  }
  const user = parsed.data;
  let storedHash: string | null = user.password_hash ?? null;
  if (user.custom_password_hash !== undefined) {
    try {
      storedHash = storedFormOfCustomHash(user.custom_password_hash);
    } catch (error) {
      if (!(error instanceof MalformedHashError)) throw error;
      // The message starts with the field's path ("custom_password_hash.hash.value: …").
      const [path, ...rest] = error.message.split(": ");
      return { ok: false, errors: [{ code: "INVALID_FORMAT", message: rest.length ? rest.join(": ") : error.message, path: rest.length ? path! : "custom_password_hash" }] };
    }
  }
  return { ok: true, user: { ...user, storedHash } };
}

/** The user as shown in GET /jobs/{id}/errors: everything but password hashes and factor secrets. */
export function redactImportUser(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const secret = new Set(["password_hash", "custom_password_hash", "mfa_factors"]);
  return Object.fromEntries(Object.entries(value).filter(([key]) => !secret.has(key)));
}
