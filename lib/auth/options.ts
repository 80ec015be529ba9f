import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { config } from "@/lib/config";
import { englishOf, toAppError, type MessageRef } from "@/lib/errors";
import { CLIENT_IP_HEADER, requestContextFrom } from "@/lib/http";
import { isSessionLive, SESSION_LIFETIME_SECONDS } from "@/lib/sessions";
import { signInSchema, signInWithPassword, type OnProofRequired } from "@/lib/users";
import { safeReturnPath } from "./return-path";
import { encodeSignInError } from "./sign-in-error";
import { encodeSessionToken, secureSessionCookie, sessionClaims } from "./session-token";
import { endTokenSession } from "./sign-out";

declare module "next-auth" {
  interface Session {
    uid?: string;
    sv?: number;
    role?: string;
  }
  interface User {
    sv?: number;
    role?: string;
    sid?: string;
    sexp?: number;
    at?: number;
    amr?: string[];
  }
}

/** Thrown by the jwt callback for a token whose session is over; next-auth then answers `{}` and clears the cookie. */
class SessionEndedError extends Error {
  constructor() {
    super("session ended");
    this.name = "SessionEndedError";
  }
}

const IDENTIFIER_AND_PASSWORD: MessageRef = { id: "refusals.identifierAndPassword" };

export type AuthOptionsHooks = {
  /** The sign-in needs proof (lib/pending-sign-in): set the pending sign-in's cookie on the response. */
  onProofRequired?: OnProofRequired;
};

export function authOptions(hooks: AuthOptionsHooks = {}): NextAuthOptions {
  const cfg = config();
  return {
    secret: cfg.AUTH_SECRET,
    useSecureCookies: secureSessionCookie(),
    session: { strategy: "jwt", maxAge: SESSION_LIFETIME_SECONDS },
    jwt: { maxAge: SESSION_LIFETIME_SECONDS, encode: encodeSessionToken },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Password",
        credentials: { identifier: { label: "Email or username", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const headers = new Headers();
          for (const [k, v] of Object.entries(req?.headers ?? {})) if (typeof v === "string") headers.set(k, v);
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error(encodeSignInError("INVALID_INPUT", englishOf(IDENTIFIER_AND_PASSWORD), IDENTIFIER_AND_PASSWORD));
          try {
            const user = await signInWithPassword(parsed.data.identifier, parsed.data.password, requestContextFrom(headers), hooks.onProofRequired);
            const claims = sessionClaims(user);
            return { id: user.id, email: user.email, name: user.username ?? user.email, sv: claims.sv, role: claims.role, sid: claims.sid, sexp: claims.sexp, at: claims.at, amr: claims.amr };
          } catch (error) {
            const appError = toAppError(error);
            throw new Error(encodeSignInError(appError.code, appError.message, appError.messageId));
          }
        },
      }),
    ],
    callbacks: {
      // Every read of the session (getServerSession, /api/auth/session) comes through here: the
      // session row must still be live, or the token is refused however valid its signature.
      async jwt({ token, user }) {
        if (user) return { ...token, uid: user.id, sv: user.sv, role: user.role, sid: user.sid, sexp: user.sexp, at: user.at, amr: user.amr };
        if (!(await isSessionLive(token))) throw new SessionEndedError();
        return token;
      },
      session({ session, token }) {
        session.uid = token.uid;
        session.sv = token.sv;
        session.role = token.role;
        if (typeof token.sexp === "number") session.expires = new Date(token.sexp * 1000).toISOString();
        return session;
      },
      // Only same-origin targets: an open redirect through callbackUrl is refused. The answer is
      // the parsed, percent-encoded URL: a raw one with a character such as U+3002 cannot be a
      // Location header (a 500), and one with a tab could be read differently by the browser.
      redirect({ url, baseUrl }) {
        if (url.startsWith("/")) return `${baseUrl}${safeReturnPath(url, "/")}`;
        try {
          const parsed = new URL(url);
          if (parsed.origin === baseUrl) return parsed.href;
        } catch {
          // not a URL
        }
        return baseUrl;
      },
    },
    // next-auth's own sign-out endpoint ends the session on the server too, not only the cookie.
    events: {
      async signOut({ token }) {
        await endTokenSession(token);
      },
    },
    logger: {
      // An ended session is an expected answer ({}), not an error worth a stack trace per request.
      error(code, metadata) {
        if (metadata instanceof SessionEndedError || (metadata as { name?: string } | undefined)?.name === "SessionEndedError") return;
        console.error(`[next-auth][error][${code}]`, metadata);
      },
      warn(code) {
        console.warn(`[next-auth][warn][${code}]`);
      },
      debug() {},
    },
  };
}

export { CLIENT_IP_HEADER };
