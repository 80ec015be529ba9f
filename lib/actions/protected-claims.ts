/**
 * Claims an Action cannot set (Auth0, "Create Custom Claims", General restrictions): such a call is
 * ignored, the transaction goes on. Source list as published; the OIDC standard profile claims are
 * added for ID tokens because they come from the user's profile ("OpenID standard claims cannot be
 * customized or modified").
 */
const RESTRICTED = new Set([
  "acr", "act", "active", "amr", "at_hash", "ath", "attest", "aud", "auth_time", "authorization_details", "azp", "c_hash",
  "client_id", "cnf", "cty", "dest", "entitlements", "events", "exp", "groups", "gty", "htm", "htu", "iat", "internalService",
  "iss", "jcard", "jku", "jti", "jwe", "jwk", "kid", "may_act", "mky", "nbf", "nonce", "object_id", "org_id", "org_name",
  "orig", "origid", "permissions", "roles", "rph", "s_hash", "sid", "sip_callid", "sip_cseq_num", "sip_date", "sip_from_tag",
  "sip_via_branch", "sub", "sub_jwk", "toe", "txn", "typ", "uuid", "vot", "vtm", "x5t#S256", "scope",
]);

const OIDC_PROFILE = new Set([
  "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website", "email",
  "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified", "address", "updated_at",
]);

/** Namespaces Auth0 keeps for itself ([I]: Auth0 ignores claims under its own domains). */
const RESERVED_NAMESPACE = /^https?:\/\/([^/]+\.)?(auth0\.com|webtask\.io|webtask\.run)(\/|$)/i;

/** Custom claims' total size in a token (Auth0: 100 KB). */
export const MAX_CUSTOM_CLAIMS_BYTES = 100 * 1024;

export function isProtectedClaim(name: string, token: "id_token" | "access_token"): boolean {
  return RESTRICTED.has(name) || RESERVED_NAMESPACE.test(name) || (token === "id_token" && OIDC_PROFILE.has(name));
}
