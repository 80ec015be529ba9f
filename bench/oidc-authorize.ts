import * as client from "openid-client";

/**
 * The authorization request the OpenID benchmarks send, as an Auth0 SDK would: code with PKCE,
 * `openid profile email offline_access` (a refresh token). Returns the URL and the PKCE verifier
 * its code is exchanged with.
 */
export async function benchAuthorizationRequest(rp: client.Configuration, redirectUri: string): Promise<{ url: URL; verifier: string }> {
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(rp, {
    redirect_uri: redirectUri,
    scope: "openid profile email offline_access",
    state: client.randomState(),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  });
  return { url, verifier };
}
