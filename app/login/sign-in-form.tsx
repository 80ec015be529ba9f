"use client";

import { useRef, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { Alert, Button, Field, PasswordField } from "@/app/components";

type Props = { callbackUrl: string; notice?: string };

/** next-auth reports a failed sign-in as `CODE|message` (see lib/auth); the code picks the field. */
function decodeError(error: string): { code: string; message: string } {
  const [code, ...rest] = error.split("|");
  const message = rest.join("|");
  return code && message ? { code, message } : { code: "INTERNAL", message: "Sign-in failed. Please try again." };
}

export function SignInForm({ callbackUrl, notice }: Props) {
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [pending, setPending] = useState(false);
  const passwordRef = useRef<HTMLDivElement>(null);
  const router = useRouter();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      identifier: String(form.get("identifier") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
      callbackUrl,
    });
    if (result?.ok && !result.error) {
      window.location.assign(callbackUrl);
      return;
    }
    const failure = decodeError(result?.error ?? "");
    // The account-wide limit is spent: the answer set a pending sign-in's cookie; the proof comes next.
    if (failure.code === "PROOF_REQUIRED") {
      router.push(`/login/verify?${new URLSearchParams({ callbackUrl })}`);
      return;
    }
    setPending(false);
    setError(failure);
    passwordRef.current?.querySelector("input")?.focus();
  }

  // method="post": were the form submitted before the page's script loaded, the password must not
  // end up in a URL (history, logs).
  return (
    <form method="post" onSubmit={onSubmit} noValidate aria-describedby={error ? "sign-in-error" : undefined} className="stack">
      {notice && !error ? <Alert kind="success">{notice}</Alert> : null}
      {error ? (
        <Alert kind="error" id="sign-in-error">
          {error.message}
        </Alert>
      ) : null}
      <Field label="Email or username" name="identifier" autoComplete="username" required autoFocus maxLength={254} />
      <div ref={passwordRef}>
        <PasswordField
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          labelAside={<Link href="/reset">Forgot password?</Link>}
          error={error?.code === "INVALID_CREDENTIALS" ? "Check the password and try again." : null}
        />
      </div>
      <Button type="submit" block disabled={pending} aria-busy={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
