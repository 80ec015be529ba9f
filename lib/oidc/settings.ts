// The provider's lifetimes and policies, apart from provider.ts so that importing them does not
// load oidc-provider (which warns on every import under Node 20).

/** @default 8 hours, like a Rekey session: the provider's session never outlives ours by design. */
export const SESSION_SECONDS = 8 * 60 * 60;
/** @default 1 hour to finish signing in once an application sent the browser here. */
export const INTERACTION_SECONDS = 60 * 60;
/** @default 365 days, the longest refresh token lifetime an application may set. */
export const GRANT_SECONDS = 365 * 24 * 60 * 60;
/** @default 60 seconds: an authorization code is exchanged at once by a working application. */
export const CODE_SECONDS = 60;

export const INTERACTION_URL = (uid: string) => `/interaction/${uid}`;

/**
 * The provider's own content security policy: its pages are small HTML documents with inline
 * styles and, for `response_mode=form_post`, one inline script whose hash the provider adds.
 */
export const PROVIDER_CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";
