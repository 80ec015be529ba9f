"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/app/components";
import type { FormState } from "@/lib/http/form-state";
import { setBlockedAction } from "./user-actions";

export function BlockButton({ userId, blocked, label }: { userId: string; blocked: boolean; label: string }) {
  const [state, action] = useActionState<FormState, FormData>(setBlockedAction, { ok: false });
  return (
    <form action={action}>
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="blocked" value={blocked ? "false" : "true"} />
      <SubmitButton variant={blocked ? "secondary" : "danger"} size="sm">
        {blocked ? "Unblock" : "Block"}
        <span className="visually-hidden"> {label}</span>
      </SubmitButton>
      {state.message && !state.ok ? <span role="alert" className="field__error">{state.message}</span> : null}
    </form>
  );
}
