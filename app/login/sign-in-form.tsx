"use client";

import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { Alert, Button, Field } from "@/app/components";
import { PasswordField } from "@/app/components/password-field";
import { useHydrated } from "@/app/components/use-hydrated";
import { describeWebauthnError, postJson } from "@/app/components/webauthn-client";
import type { MessageRef } from "@/lib/errors/app-error";
import { decodeSignInError } from "@/lib/auth/sign-in-error";

type Props = {
  callbackUrl: string;
  notice?: string;
  /** A refusal of the form posted without JavaScript (/login/submit sent the browser back here). */
  initialError?: { code: string; message: string };
  /** What was typed as the identifier in that refused post. */
  defaultIdentifier?: string;
};

type Translate = (id: string) => string;
/** A catalog message in the page's language, or undefined when this page has no such message. */
type Say = (ref: MessageRef) => string | undefined;

/**
 * next-auth reports a failed sign-in as `CODE|message` (lib/auth/sign-in-error.ts); the code picks
 * the field. A message with its catalog reference (a wait, say) and a code's own message are said
 * in the page's language; other words (an Action's reason) as written. The text comes from the
 * server's answer to this form's request, never from the page's address.
 */
function decodeError(error: string, t: Translate, say: Say): { code: string; message: string } {
  const failure = decodeSignInError(error);
  if (!failure) return { code: "INTERNAL", message: t("signIn.failed") };
  const { code, message, ref } = failure;
  if (ref) {
    const said = say(ref);
    if (said) return { code, message: said };
  }
  // A code's own message carries its reference too (lib/errors/app-error.ts): what is left is words
  // written in place (an Action's reason), shown as they are.
  return { code, message };
}

/** The passkey's answer: the server signs in and names where to go (the return address, kept on our origin). */
async function finishPasskey(response: AuthenticationResponseJSON, callbackUrl: string): Promise<void> {
  const { next } = await postJson<{ next: string }>("/login/passkey/check", { response, callbackUrl });
  window.location.assign(next);
}

function isCancel(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === "AbortError" || name === "NotAllowedError";
}

export function SignInForm({ callbackUrl, notice, initialError, defaultIdentifier }: Props) {
  const [error, setError] = useState<{ code: string; message: string } | null>(initialError ?? null);
  const [pending, setPending] = useState(false);
  const passwordRef = useRef<HTMLDivElement>(null);
  const router = useRouter();
  const hydrated = useHydrated();
  const intl = useTranslations();
  const t: Translate = (id) => intl(id as never);
  const say: Say = (ref) => (intl.has(ref.id as never) ? intl(ref.id as never, ref.values as never) : undefined);

  // Conditional UI: the browser's autofill on the identifier field offers this site's passkeys;
  // picking one signs in without a password. Started once per page; a password sign-in or the
  // passkey button aborts it (the library keeps one ceremony at a time).
  useEffect(() => {
    let live = true;
    void (async () => {
      const { browserSupportsWebAuthnAutofill, startAuthentication } = await import("@simplewebauthn/browser");
      if (!(await browserSupportsWebAuthnAutofill())) return;
      // Not being able to offer passkeys (a limit, the network) is silent: the password form works.
      const started = await postJson<{ options: PublicKeyCredentialRequestOptionsJSON }>("/login/passkey/start", {}).catch(() => null);
      if (!started || !live) return;
      const { options } = started;
      try {
        const response = await startAuthentication({ optionsJSON: options, useBrowserAutofill: true });
        if (live) await finishPasskey(response, callbackUrl);
      } catch (failure) {
        if (live && !isCancel(failure)) setError({ code: "WEBAUTHN_FAILED", message: describeWebauthnError(failure, (id, values) => intl(id as never, values as never)) });
      }
    })();
    return () => {
      live = false;
    };
  }, [callbackUrl, intl]);

  async function signInWithPasskey() {
    setError(null);
    setPending(true);
    try {
      const { startAuthentication } = await import("@simplewebauthn/browser");
      const { options } = await postJson<{ options: PublicKeyCredentialRequestOptionsJSON }>("/login/passkey/start", {});
      await finishPasskey(await startAuthentication({ optionsJSON: options }), callbackUrl);
    } catch (failure) {
      setPending(false);
      // With the values: a refusal's message may have some (the wait of a rate limit).
      setError({ code: "WEBAUTHN_FAILED", message: describeWebauthnError(failure, (id, values) => intl(id as never, values as never)) });
    }
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    // "Forgot password?" posts to /login/forgot like any plain form; only "Sign in" signs in here.
    if ((event.nativeEvent as SubmitEvent).submitter?.dataset.forgot) return;
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
    const failure = decodeError(result?.error ?? "", t, say);
    // The account-wide limit is spent: the answer set a pending sign-in's cookie; the proof comes next.
    if (failure.code === "PROOF_REQUIRED") {
      router.push(`/login/verify?${new URLSearchParams({ callbackUrl })}`);
      return;
    }
    setPending(false);
    setError(failure);
    passwordRef.current?.querySelector("input")?.focus();
  }

  // Without JavaScript (or pressed before the script ran) the form posts to /login/submit, which
  // signs in on the server; method="post" keeps the password out of any URL.
  return (
    <form method="post" action="/login/submit" onSubmit={onSubmit} noValidate aria-describedby={error ? "sign-in-error" : undefined} className="stack">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {notice && !error ? <Alert kind="success">{notice}</Alert> : null}
      {error ? (
        <Alert kind="error" id="sign-in-error">
          {error.message}
        </Alert>
      ) : null}
      <Field label={t("reset.labelEmailOrUsername")} name="identifier" autoComplete="username webauthn" required autoFocus={!defaultIdentifier} maxLength={254} defaultValue={defaultIdentifier} />
      <div ref={passwordRef}>
        <PasswordField
          label={t("common.password")}
          name="password"
          autoComplete="current-password"
          required
          autoFocus={Boolean(defaultIdentifier)}
          error={error?.code === "INVALID_CREDENTIALS" ? t("signIn.checkPassword") : null}
        />
        {/* After the password in tab order; carries the identifier to /reset (never the password). */}
        <button type="submit" formAction="/login/forgot" formNoValidate data-forgot="true" className="link-button">
          {t("signIn.forgot")}
        </button>
      </div>
      <Button type="submit" block disabled={pending} aria-busy={pending}>
        {pending ? t("signIn.signingIn") : t("common.signIn")}
      </Button>
      {hydrated ? (
        <Button type="button" variant="secondary" block disabled={pending} onClick={() => void signInWithPasskey()}>
          {t("signIn.usePasskey")}
        </Button>
      ) : null}
    </form>
  );
}
