import { z } from "zod";
import { APP_TYPES, ID_TOKEN_ALGS, TOKEN_ENDPOINT_AUTH_METHODS, type ApplicationPatch } from "@/lib/applications";
import { text } from "@/lib/validation";

// The console's forms for applications and APIs: lists are typed one item per line (or separated
// by commas or spaces, as Auth0's dashboard accepts), numbers as text.

const list = text({ max: 20_000, multiline: true })
  .optional()
  .transform((value) => (value ?? "").split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(z.string().max(2048)).max(100, "At most 100 URLs."));
const seconds = (max: number) =>
  z
    .string()
    .regex(/^\d{1,8}$/, "Enter a number of seconds.")
    .transform(Number)
    .pipe(z.number().int().min(60, "At least 60 seconds.").max(max, `At most ${max} seconds.`));
const optionalUrl = text({ max: 2048 })
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : null));
const checkbox = z.enum(["on"]).optional().transform((value) => value === "on");

export const applicationCreateFormSchema = z.object({
  name: text({ max: 100, message: "Names cannot contain control characters." }).pipe(z.string().trim().min(1, "Enter a name.")),
  app_type: z.enum(APP_TYPES, { error: "Choose a type." }),
  callbacks: list,
  allowed_logout_urls: list,
  web_origins: list,
});

export const applicationEditFormSchema = applicationCreateFormSchema.extend({
  clientId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Unknown application."),
  initiate_login_uri: optionalUrl,
  backchannel_logout_uri: optionalUrl,
  token_endpoint_auth_method: z.enum(TOKEN_ENDPOINT_AUTH_METHODS),
  id_token_signed_response_alg: z.enum(ID_TOKEN_ALGS),
  refresh_token_rotation: z.enum(["rotating", "non-rotating"]),
  is_first_party: checkbox,
  id_token_lifetime: seconds(30 * 24 * 3600),
  access_token_lifetime: seconds(30 * 24 * 3600),
  refresh_token_lifetime: seconds(365 * 24 * 3600),
});

/** The edit form as the application's fields. */
export function applicationPatchOf(input: z.infer<typeof applicationEditFormSchema>): ApplicationPatch {
  const fields: Partial<typeof input> = { ...input };
  delete fields.clientId;
  return fields as ApplicationPatch;
}

export const clientIdFormSchema = z.object({ clientId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Unknown application.") });

/** Scopes typed one per line: `read:invoices Read the invoices`. */
const scopeLines = text({ max: 20_000, multiline: true })
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [value = "", ...rest] = line.split(/\s+/);
        return { value, description: rest.join(" ") };
      }),
  );

export const apiCreateFormSchema = z.object({
  name: text({ max: 200 }).pipe(z.string().trim().min(1, "Enter a name.")),
  identifier: text({ max: 600 }).pipe(z.string().trim().min(1, "Enter the identifier (the audience), e.g. https://api.example.com/.")),
  signing_alg: z.enum(ID_TOKEN_ALGS),
  token_lifetime: seconds(30 * 24 * 3600),
  scopes: scopeLines,
});

export const apiIdFormSchema = z.object({ apiId: z.string().regex(/^[0-9a-f]{24}$/, "Unknown API.") });

export const apiGrantFormSchema = apiIdFormSchema.extend({
  clientId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Choose an application."),
  scopes: text({ max: 5000 })
    .optional()
    .transform((value) => (value ?? "").split(/[\s,]+/).filter(Boolean)),
});
