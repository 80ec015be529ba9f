"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Alert, CodeField } from "@/app/components";
import { SubmitButton } from "@/app/components/submit-button";
import type { FormState } from "@/lib/http/form-state";
import { sendCodeAction, verifyCodeAction } from "./form-actions";

type CodeFactor = "otp" | "email" | "phone" | "recovery-code";

export function FactorCodeForm({ factor, label, hint }: { factor: CodeFactor; label: string; hint?: string }) {
  const [state, action] = useActionState<FormState, FormData>(verifyCodeAction, { ok: false });
  const t = useTranslations();
  if (state.ok && state.data) {
    const remaining = Number(state.data.remaining);
    return (
      <div className="stack">
        <Alert kind="success" title={t("reset.recoveryAccepted")}>
          {remaining === 0 ? t("reset.recoveryLast") : t("reset.recoveryRemaining", { count: remaining })}
        </Alert>
        <a className="button button--primary button--block" href={String(state.data.next)}>
          {t("common.continue")}
        </a>
      </div>
    );
  }
  const recovery = factor === "recovery-code";
  return (
    <form action={action} noValidate className="stack">
      <input type="hidden" name="factor" value={factor} />
      {state.message && !state.fields ? <Alert kind="error">{state.message}</Alert> : null}
      <CodeField recovery={recovery} label={label} hint={hint} error={state.fields?.code} />
      <SubmitButton block pendingLabel={t("common.checking")}>
        {t("common.continue")}
      </SubmitButton>
    </form>
  );
}

/** "Send code" before the first code, "Send a new code" after it. */
export function SendCodeForm({ factor, resend, children }: { factor: "email" | "phone"; resend: boolean; children: React.ReactNode }) {
  const [state, action] = useActionState<FormState, FormData>(sendCodeAction, { ok: false });
  const t = useTranslations("common");
  return (
    <form action={action} className="stack">
      <input type="hidden" name="factor" value={factor} />
      {!state.ok && state.message ? <Alert kind="error">{state.message}</Alert> : null}
      {state.ok && state.message && resend ? <Alert kind="success">{state.message}</Alert> : null}
      <SubmitButton block={!resend} variant={resend ? "secondary" : "primary"} pendingLabel={t("sending")}>
        {children}
      </SubmitButton>
    </form>
  );
}
