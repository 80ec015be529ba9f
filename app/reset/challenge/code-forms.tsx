"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Alert, CodeField, SubmitButton } from "@/app/components";
import type { FormState } from "@/lib/http/form-state";
import { sendCodeAction, verifyCodeAction } from "./form-actions";

type CodeFactor = "otp" | "email" | "phone" | "recovery-code";

export function FactorCodeForm({ factor, label, hint }: { factor: CodeFactor; label: string; hint?: string }) {
  const [state, action] = useActionState<FormState, FormData>(verifyCodeAction, { ok: false });
  if (state.ok && state.data) {
    const remaining = Number(state.data.remaining);
    return (
      <div className="stack">
        <Alert kind="success" title="Recovery code accepted">
          {remaining === 0
            ? "That was your last recovery code. Make new ones on your account page after this reset."
            : `You have ${remaining} recovery ${remaining === 1 ? "code" : "codes"} left. Each one works once.`}
        </Alert>
        <Link className="button button--primary button--block" href={String(state.data.next)}>
          Continue
        </Link>
      </div>
    );
  }
  const recovery = factor === "recovery-code";
  return (
    <form action={action} noValidate className="stack">
      <input type="hidden" name="factor" value={factor} />
      {state.message && !state.fields ? <Alert kind="error">{state.message}</Alert> : null}
      <CodeField recovery={recovery} label={label} hint={hint} error={state.fields?.code} />
      <SubmitButton block pendingLabel="Checking…">
        Continue
      </SubmitButton>
    </form>
  );
}

/** "Send code" before the first code, "Send a new code" after it. */
export function SendCodeForm({ factor, resend, children }: { factor: "email" | "phone"; resend: boolean; children: React.ReactNode }) {
  const [state, action] = useActionState<FormState, FormData>(sendCodeAction, { ok: false });
  return (
    <form action={action} className="stack">
      <input type="hidden" name="factor" value={factor} />
      {!state.ok && state.message ? <Alert kind="error">{state.message}</Alert> : null}
      {state.ok && state.message && resend ? <Alert kind="success">{state.message}</Alert> : null}
      <SubmitButton block={!resend} variant={resend ? "secondary" : "primary"} pendingLabel="Sending…">
        {children}
      </SubmitButton>
    </form>
  );
}
