import { z } from "zod";

export const APP_TYPES = ["regular_web", "spa", "native", "non_interactive"] as const;
export type AppType = (typeof APP_TYPES)[number];
export const GRANT_TYPES = ["authorization_code", "refresh_token", "client_credentials"] as const;
export const TOKEN_ENDPOINT_AUTH_METHODS = ["none", "client_secret_post", "client_secret_basic"] as const;
export const ID_TOKEN_ALGS = ["RS256", "ES256", "EdDSA"] as const;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether a redirect (callback, logout) URL may be registered: absolute, no fragment, no
 * credentials; https, except loopback addresses (a developer's machine), and plain http anywhere
 * outside production. A native app may also use its own scheme (`com.example.app:/callback`).
 */
export function redirectUrlProblem(value: string, options: { production: boolean; appType: AppType }): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute URL";
  }
  if (url.hash) return "must not have a fragment";
  if (url.username || url.password) return "must not carry credentials";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:") return !options.production || LOOPBACK_HOSTS.has(url.hostname) ? null : "must use https (http only on loopback)";
  if (options.appType === "native" && /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol)) return null;
  return "must be an http(s) URL";
}

const urlList = z.array(z.string().max(2048)).max(100);

/** An application as an operator creates it (Auth0's client shape, snake_case). */
export const applicationInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  app_type: z.enum(APP_TYPES),
  callbacks: urlList.default([]),
  allowed_logout_urls: urlList.default([]),
  web_origins: urlList.default([]),
  initiate_login_uri: z.string().max(2048).optional(),
  grant_types: z.array(z.enum(GRANT_TYPES)).max(3).optional(),
  token_endpoint_auth_method: z.enum(TOKEN_ENDPOINT_AUTH_METHODS).optional(),
  is_first_party: z.boolean().default(true),
  id_token_signed_response_alg: z.enum(ID_TOKEN_ALGS).default("RS256"),
  id_token_lifetime: z.number().int().min(60).max(30 * 24 * 3600).default(36000),
  access_token_lifetime: z.number().int().min(60).max(30 * 24 * 3600).default(86400),
  refresh_token_rotation: z.enum(["rotating", "non-rotating"]).default("rotating"),
  refresh_token_lifetime: z.number().int().min(60).max(365 * 24 * 3600).default(2592000),
  /** OpenID Connect back-channel logout: where logout tokens are POSTed. @default none */
  backchannel_logout_uri: z.string().max(2048).optional(),
  /** Only for seeds and tests: a fixed client_id. @default generated */
  client_id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
});
export type ApplicationInput = z.input<typeof applicationInputSchema>;

/** A change to an application: any field but the client_id; absent fields stay as they are. */
export const applicationPatchSchema = z.object({
  name: z.string().trim().min(1).max(100),
  app_type: z.enum(APP_TYPES),
  callbacks: urlList,
  allowed_logout_urls: urlList,
  web_origins: urlList,
  initiate_login_uri: z.string().max(2048).nullable(),
  grant_types: z.array(z.enum(GRANT_TYPES)).max(3),
  token_endpoint_auth_method: z.enum(TOKEN_ENDPOINT_AUTH_METHODS),
  is_first_party: z.boolean(),
  id_token_signed_response_alg: z.enum(ID_TOKEN_ALGS),
  id_token_lifetime: z.number().int().min(60).max(30 * 24 * 3600),
  access_token_lifetime: z.number().int().min(60).max(30 * 24 * 3600),
  refresh_token_rotation: z.enum(["rotating", "non-rotating"]),
  refresh_token_lifetime: z.number().int().min(60).max(365 * 24 * 3600),
  backchannel_logout_uri: z.string().max(2048).nullable(),
}).partial();
export type ApplicationPatch = z.input<typeof applicationPatchSchema>;

type UrlFields = { callbacks?: string[]; allowed_logout_urls?: string[]; web_origins?: string[]; initiate_login_uri?: string | null; backchannel_logout_uri?: string | null };

/**
 * Every URL of an application that cannot be registered, by field (`callbacks.0`): redirect and
 * logout URLs by redirectUrlProblem; web origins are origins (no path); the login and back-channel
 * URIs are fetched or linked by Rekey itself, so never a custom scheme.
 */
export function applicationUrlProblems(data: UrlFields, options: { production: boolean; appType: AppType }): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const key of ["callbacks", "allowed_logout_urls"] as const) {
    (data[key] ?? []).forEach((url, i) => {
      const problem = redirectUrlProblem(url, options);
      if (problem) fields[`${key}.${i}`] ??= `${url.slice(0, 200)} ${problem}`;
    });
  }
  (data.web_origins ?? []).forEach((origin, i) => {
    const problem = redirectUrlProblem(origin, { ...options, appType: "spa" });
    if (problem || new URL(origin).origin !== origin.replace(/\/$/, "")) fields[`web_origins.${i}`] ??= `${origin.slice(0, 200)} must be an origin (scheme, host, port)`;
  });
  for (const key of ["initiate_login_uri", "backchannel_logout_uri"] as const) {
    const url = data[key];
    if (!url) continue;
    const problem = redirectUrlProblem(url, { ...options, appType: "spa" });
    if (problem) fields[key] = `${url.slice(0, 200)} ${problem}`;
  }
  return fields;
}
