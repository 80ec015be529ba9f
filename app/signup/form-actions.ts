"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { safeReturnPath, signInWithForm } from "@/lib/auth";
import { handleForm, type FormState } from "@/lib/http";
import { currentRequestContext } from "@/lib/http/server-request";
import { localizeFormState } from "@/lib/i18n/localize";
import { requestLocale } from "@/lib/i18n/request-locale";
import { signUp, signUpSchema } from "@/lib/users";

/**
 * Creates the account, then signs it in on the server (next-auth's own callback), so sign-up ends
 * on /account with JavaScript or without it. Should that sign-in be refused (a rate limit), the
 * form says the account exists and links to sign-in.
 */
export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let target = "";
  const state = await handleForm(
    signUpSchema,
    formData,
    async (input) => {
      await signUp(input, await currentRequestContext());
      const signedIn = await signInWithForm({ identifier: input.email, password: input.password, callbackUrl: "/account" }, await headers());
      if (!signedIn.ok) return { ok: true };
      const jar = await cookies();
      for (const cookie of signedIn.cookies) jar.set(cookie.name, cookie.value, cookie.options);
      target = safeReturnPath(new URL(signedIn.redirectTo).pathname);
    },
    { keep: ["email", "username", "name"] },
  );
  if (state.ok && target) redirect(target);
  return localizeFormState(state, await requestLocale());
}
