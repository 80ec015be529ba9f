/** Auth0's paths, at the issuer `PUBLIC_URL/`, so an application written for Auth0 changes only its domain. */
export const OIDC_ROUTES = {
  authorization: "/authorize",
  token: "/oauth/token",
  userinfo: "/userinfo",
  jwks: "/.well-known/jwks.json",
  end_session: "/oidc/logout",
  revocation: "/oauth/revoke",
} as const;

export const DISCOVERY_PATH = "/.well-known/openid-configuration";
/** Auth0's logout (`/v2/logout?client_id&returnTo`), mapped onto the end-session endpoint. */
export const AUTH0_LOGOUT_PATH = "/v2/logout";
export const INTERACTION_PREFIX = "/interaction/";

const PROVIDER_PATHS = new Set<string>([...Object.values(OIDC_ROUTES), DISCOVERY_PATH]);

/**
 * The methods the provider serves at each of its paths (HEAD with GET; OPTIONS where it answers
 * CORS preflights). POST at /authorize and at end-session stays off, oidc-provider's default.
 */
export const ROUTE_METHODS: Record<string, readonly string[]> = {
  [OIDC_ROUTES.authorization]: ["GET", "HEAD"],
  [OIDC_ROUTES.token]: ["POST", "OPTIONS"],
  [OIDC_ROUTES.userinfo]: ["GET", "HEAD", "POST", "OPTIONS"],
  [OIDC_ROUTES.jwks]: ["GET", "HEAD", "OPTIONS"],
  [OIDC_ROUTES.end_session]: ["GET", "HEAD"],
  [OIDC_ROUTES.revocation]: ["POST", "OPTIONS"],
  [DISCOVERY_PATH]: ["GET", "HEAD"],
};

export type OidcRoute = "provider" | "auth0-logout" | "interaction" | null;

/**
 * Who answers a path: the provider (its endpoints, the end-session confirmation under
 * /oidc/logout/), the Auth0 logout shim, our interaction handler (`/interaction/<uid>` and its
 * POST actions), or nobody here (null: Next answers, e.g. the consent page under /interaction/<uid>/consent).
 */
export function routeOf(pathname: string, method: string): OidcRoute {
  if (PROVIDER_PATHS.has(pathname) || pathname.startsWith(`${OIDC_ROUTES.end_session}/`) || pathname.startsWith(`${OIDC_ROUTES.authorization}/`)) return "provider";
  if (pathname === AUTH0_LOGOUT_PATH) return "auth0-logout";
  if (pathname.startsWith(INTERACTION_PREFIX)) {
    const rest = pathname.slice(INTERACTION_PREFIX.length).split("/");
    if (rest.length === 1 && rest[0]) return "interaction";
    if (rest.length === 2 && method === "POST" && (rest[1] === "confirm" || rest[1] === "abort")) return "interaction";
  }
  return null;
}
