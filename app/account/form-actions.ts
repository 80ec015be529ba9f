"use server";

import { currentUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { handleForm, type FormState } from "@/lib/http";
import { currentRequestContext } from "@/lib/http/server-request";
import { localizeFormState } from "@/lib/i18n/localize";
import { requestLocale } from "@/lib/i18n/request-locale";
import { changeOwnPassword, changeOwnPasswordSchema } from "@/lib/users";

export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const state = await handleForm(changeOwnPasswordSchema, formData, async (input) => {
    const user = await currentUser();
    if (!user) throw new AppError("UNAUTHENTICATED");
    await changeOwnPassword(user.id, input, await currentRequestContext());
    return { ok: true, message: "Password changed. Sign in again with the new password." };
  });
  return localizeFormState(state, await requestLocale());
}
