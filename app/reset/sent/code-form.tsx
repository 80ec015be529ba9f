"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { Alert, Field } from "@/app/components";
import { SubmitButton } from "@/app/components/submit-button";
import { keepsValues } from "@/app/components/keep-values";
import type { FormState } from "@/lib/http/form-state";
import { requestResetAction, verifyCodeAction } from "../form-actions";

/** Refusals after which this code can no longer work: the next step is a new email. */
const SPENT = new Set(["RESET_CODE_ATTEMPTS", "RESET_LINK_EXPIRED", "RESET_LINK_SUPERSEDED", "RESET_LINK_REVOKED"]);

/**
 * The code typed in the tab that asked. A wrong code stays in the field, selected, to be corrected;
 * once the code cannot work any more the field and Continue are disabled and one click sends a new
 * email to what was typed on /reset (`typed`, from its cookie).
 */
export function CodeForm({ typed }: { typed?: string }) {
  const [state, action] = useActionState<FormState, FormData>(verifyCodeAction, { ok: false });
  const formRef = useRef<HTMLFormElement>(null);
  const spent = Boolean(state.code && SPENT.has(state.code));
  const t = useTranslations();

  useEffect(() => {
    const form = formRef.current;
    const onReset = (event: Event) => {
      if (keepsValues(form)) event.preventDefault();
    };
    form?.addEventListener("reset", onReset);
    return () => form?.removeEventListener("reset", onReset);
  }, []);

  useEffect(() => {
    if (state.code !== "RESET_CODE_INVALID") return;
    const input = formRef.current?.elements.namedItem("code");
    if (input instanceof HTMLInputElement) {
      input.focus();
      input.select();
    }
  }, [state]);

  return (
    <div className="stack">
      <form ref={formRef} action={action} noValidate className="stack" data-keep-values={state.ok ? undefined : "true"}>
        {state.message && !state.fields ? <Alert kind="error">{spentMessage(state.code, t) ?? state.message}</Alert> : null}
        <Field label={t("reset.codeLabel")} name="code" autoComplete="one-time-code" inputMode="numeric" maxLength={12} required error={state.fields?.code} disabled={spent} />
        <SubmitButton block pendingLabel={t("common.checking")} disabled={spent}>
          {t("common.continue")}
        </SubmitButton>
      </form>
      {spent ? <NewEmail typed={typed} /> : null}
    </div>
  );
}

function spentMessage(code: string | undefined, t: ReturnType<typeof useTranslations>): string | undefined {
  if (code === "RESET_CODE_ATTEMPTS") return t("reset.codeSpent");
  if (code === "RESET_LINK_EXPIRED") return t("reset.codeExpired");
  return undefined;
}

function NewEmail({ typed }: { typed?: string }) {
  const [, request] = useActionState<FormState, FormData>(requestResetAction, { ok: false });
  const t = useTranslations();
  if (!typed) {
    return (
      <p>
        <a href="/reset">{t("reset.newEmail")}</a>
      </p>
    );
  }
  return (
    <form action={request}>
      <input type="hidden" name="identifier" value={typed} />
      <SubmitButton variant="secondary" block pendingLabel={t("common.sending")}>
        {t("reset.newEmailTo", { typed })}
      </SubmitButton>
    </form>
  );
}
