import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { config } from "@/lib/config";
import { toAppError } from "@/lib/errors";
import { CLIENT_IP_HEADER, requestContextFrom } from "@/lib/http";
import { signInSchema, signInWithPassword } from "@/lib/users";
import { safeReturnPath } from "./return-path";

/** @default 8 hours: a session lives at most this long, and dies at once when the password changes. */
const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

declare module "next-auth" {
  interface Session {
    uid?: string;
    sv?: number;
    role?: string;
  }
  interface User {
    sv?: number;
    role?: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
    role?: string;
    /** When the user signed in, in ms: `prompt=login` asks for a sign-in after a given instant. */
    at?: number;
  }
}

/** Errors cross next-auth as `CODE|message`; the sign-in form switches on the code. */
export function encodeSignInError(code: string, message: string): string {
  return `${code}|${message}`;
}

export function authOptions(): NextAuthOptions {
  const cfg = config();
  return {
    secret: cfg.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Password",
        credentials: { identifier: { label: "Email or username", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const headers = new Headers();
          for (const [k, v] of Object.entries(req?.headers ?? {})) if (typeof v === "string") headers.set(k, v);
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error(encodeSignInError("INVALID_INPUT", "Enter your email or username and your password."));
          try {
            const user = await signInWithPassword(parsed.data.identifier, parsed.data.password, requestContextFrom(headers));
            return { id: user.id, email: user.email, name: user.username ?? user.email, sv: user.sessionVersion, role: user.role };
          } catch (error) {
            const appError = toAppError(error);
            throw new Error(encodeSignInError(appError.code, appError.message));
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = user.sv;
          token.role = user.role;
          token.at = Date.now();
        }
        return token;
      },
      session({ session, token }) {
        session.uid = token.uid;
        session.sv = token.sv;
        session.role = token.role;
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
  };
}

export { CLIENT_IP_HEADER };
