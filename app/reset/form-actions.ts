"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { ERROR_CODES } from "@/lib/errors";
import { fromCookieText, handleForm, toCookieText, type FormState } from "@/lib/http";
import { currentRequestContext, postedWithoutScript } from "@/lib/http/server-request";
import { localizeFormState } from "@/lib/i18n/localize";
import { requestLocale } from "@/lib/i18n/request-locale";
import {
  completePasswordReset,
  encodeResetCookie,
  INTERACTION_UID,
  newPasswordSchema,
  requestPasswordReset,
  resetCodeSchema,
  resetCookieName,
  resetCookieOptions,
  resetRequestSchema,
  verifyResetCode,
  type ResetRequestApp,
} from "@/lib/reset";
import { interactionClientId } from "@/lib/oidc-bridge";
import { LOGIN_IDENTIFIER_COOKIE, loginIdentifierCookieOptions } from "@/lib/auth";
import { RESET_DONE_COOKIE, RESET_DONE_SECONDS } from "./finished";
import { RESET_TYPED_COOKIE, RESET_TYPED_SECONDS } from "./typed-identifier";

/** The application whose sign-in the reset interrupts (the form's hidden `interaction`), if it still runs. */
async function appOfSignIn(interaction: FormDataEntryValue | null): Promise<ResetRequestApp | undefined> {
  if (typeof interaction !== "string" || !INTERACTION_UID.test(interaction)) return undefined;
  const clientId = await interactionClientId(interaction);
  return clientId ? { clientId, interactionUid: interaction } : undefined;
}

export async function requestResetAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const state = await handleForm(resetRequestSchema, formData, async ({ identifier }) => {
    const result = await requestPasswordReset(identifier, await currentRequestContext(), { app: await appOfSignIn(formData.get("interaction")) });
    const jar = await cookies();
    jar.set(resetCookieName(), encodeResetCookie(result.cookie), resetCookieOptions(result.cookieMaxAgeSeconds));
    // "Check your email" repeats what was typed (not the account's address, so nothing is revealed).
    jar.set(RESET_TYPED_COOKIE, toCookieText(identifier), { ...resetCookieOptions(RESET_TYPED_SECONDS), path: "/reset" });
  }, { keep: ["identifier"] });
  if (state.ok) redirect("/reset/sent");
  return localizeFormState(state, await requestLocale());
}

export async function verifyCodeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  // The flow's cookie lives as long as its code: gone while this tab still remembers asking, the
  // code expired (rather than "no reset in progress in this browser").
  const jar = await cookies();
  if (!jar.get(resetCookieName()) && jar.get(RESET_TYPED_COOKIE)) {
    return localizeFormState({ ok: false, code: "RESET_LINK_EXPIRED", message: ERROR_CODES.RESET_LINK_EXPIRED.message }, await requestLocale());
  }
  let next = "";
  const state = await handleForm(resetCodeSchema, formData, async ({ code }) => {
    const jar = await cookies();
    ({ next } = await verifyResetCode(jar.get(resetCookieName())?.value, code, await currentRequestContext()));
  });
  if (state.ok) redirect(next);
  return localizeFormState(state, await requestLocale());
}

export async function completeResetAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let target = "";
  const state = await handleForm(newPasswordSchema, formData, async ({ password }) => {
    const jar = await cookies();
    ({ redirectTo: target } = await completePasswordReset(jar.get(resetCookieName())?.value, password, await currentRequestContext()));
    jar.delete(resetCookieName());
    // Back to a reset page says "already changed"; the sign-in form comes prefilled (not signed
    // in: that would skip a second factor the account may have).
    jar.set(RESET_DONE_COOKIE, "1", { ...resetCookieOptions(RESET_DONE_SECONDS), path: "/reset" });
    const typed = fromCookieText(jar.get(RESET_TYPED_COOKIE)?.value);
    if (typed) jar.set(LOGIN_IDENTIFIER_COOKIE, toCookieText(typed), { ...loginIdentifierCookieOptions(), maxAge: RESET_DONE_SECONDS });
  });
  if (state.ok) redirect(target);
  // Without JavaScript the refused form comes back as a new page: the typed passwords go back into
  // it (this response only, to the browser that typed them; never stored or logged) so the user
  // fixes them instead of typing both again. With JavaScript the form keeps them itself and the
  // state never carries a password.
  const localized = localizeFormState(state, await requestLocale());
  if (await postedWithoutScript()) return { ...localized, values: typedPasswords(formData) };
  return localized;
}

function typedPasswords(formData: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  // A forged action call may pass anything as the form.
  if (!(formData instanceof FormData)) return values;
  for (const key of ["password", "confirmPassword"]) {
    const value = formData.get(key);
    if (typeof value === "string" && value.length <= 1024) values[key] = value;
  }
  return values;
}
