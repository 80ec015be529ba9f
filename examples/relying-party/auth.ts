import type { AuthOptions } from "next-auth";
import { APP_URL, CLIENT_ID, CLIENT_SECRET, ISSUER } from "./settings";

export type RekeyProfile = Record<string, unknown> & { sub: string; name?: string; email?: string; picture?: string };

// Two example apps on one host (localhost:3001 beside Rekey on localhost:3000, or two in the e2e
// journeys) would share next-auth's default cookie names: each app names its own after its client.
const secure = APP_URL.startsWith("https://");
const cookie = (name: string) => ({ name: `${CLIENT_ID}.${name}`, options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure } });

/** next-auth's OAuth provider pointed at Rekey by its issuer alone (discovery does the rest). */
export const authOptions: AuthOptions = {
  providers: [
    {
      id: "rekey",
      name: "Rekey",
      type: "oauth",
      wellKnown: `${ISSUER}.well-known/openid-configuration`,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      // Rekey's applications authenticate with client_secret_post by default, as Auth0's do.
      client: { token_endpoint_auth_method: "client_secret_post" },
      authorization: { params: { scope: "openid profile email" } },
      idToken: true,
      checks: ["pkce", "state", "nonce"],
      profile(profile: RekeyProfile) {
        return { id: profile.sub, name: profile.name ?? null, email: profile.email ?? null, image: profile.picture ?? null };
      },
    },
  ],
  session: { strategy: "jwt" },
  cookies: {
    sessionToken: cookie("session-token"),
    callbackUrl: cookie("callback-url"),
    csrfToken: cookie("csrf-token"),
    pkceCodeVerifier: { ...cookie("pkce.code_verifier"), options: { ...cookie("").options, maxAge: 900 } },
    state: { ...cookie("state"), options: { ...cookie("").options, maxAge: 900 } },
    nonce: cookie("nonce"),
  },
  callbacks: {
    // The ID token's claims are what the page shows.
    async jwt({ token, account, profile }) {
      if (account && profile) token.claims = profile;
      return token;
    },
    async session({ session, token }) {
      return { ...session, claims: token.claims };
    },
  },
};
