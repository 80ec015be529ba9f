"use client";
import { signIn } from "next-auth/react";

/** "Sign in with Rekey"; the second button asks Rekey for a fresh sign-in (prompt=login) even inside a session. */
export function SignInButtons({ again }: { again?: boolean }) {
  if (again) {
    return (
      <button type="button" onClick={() => signIn("rekey", { callbackUrl: "/" }, { prompt: "login" })}>
        Sign in again
      </button>
    );
  }
  return (
    <button type="button" onClick={() => signIn("rekey", { callbackUrl: "/" })}>
      Sign in with Rekey
    </button>
  );
}
