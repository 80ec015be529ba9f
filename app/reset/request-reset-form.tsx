"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { Alert, Field } from "@/app/components";
import { SubmitButton } from "@/app/components/submit-button";
import type { FormState } from "@/lib/http/form-state";
import { requestResetAction } from "./form-actions";

/** `usernames`: the connection signs in with usernames too; else the label and its errors say "email". */
export function RequestResetForm({ usernames, defaultIdentifier, interaction }: { usernames: boolean; defaultIdentifier?: string; interaction?: string }) {
  const t = useTranslations();
  const label = usernames ? t("reset.labelEmailOrUsername") : t("reset.labelEmail");
  const [state, action] = useActionState<FormState, FormData>(requestResetAction, { ok: false });
  return (
    <form action={action} noValidate className="stack">
      {state.message && !state.fields ? <Alert kind="error">{state.message}</Alert> : null}
      {interaction ? <input type="hidden" name="interaction" value={interaction} /> : null}
      <Field label={label} name="identifier" autoComplete="username" required autoFocus maxLength={254} error={usernames ? state.fields?.identifier : withoutUsername(state.fields?.identifier)} defaultValue={state.values?.identifier ?? defaultIdentifier} />
      <SubmitButton block pendingLabel={t("common.sending")}>
        {t("reset.sendLink")}
      </SubmitButton>
    </form>
  );
}

/**
 * On a connection without usernames the field's message speaks of the email only. The English
 * messages drop " or username"; the other languages keep their one message (it still reads true).
 */
function withoutUsername(message: string | undefined): string | undefined {
  return message?.replace(" or username", "");
}
