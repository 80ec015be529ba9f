"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { handleForm, type FormState } from "@/lib/http";
import { currentRequestContext } from "@/lib/http/server-request";
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

/** The application whose sign-in the reset interrupts (the form's hidden `interaction`), if it still runs. */
async function appOfSignIn(interaction: FormDataEntryValue | null): Promise<ResetRequestApp | undefined> {
  if (typeof interaction !== "string" || !INTERACTION_UID.test(interaction)) return undefined;
  const clientId = await interactionClientId(interaction);
  return clientId ? { clientId, interactionUid: interaction } : undefined;
}

export async function requestResetAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const state = await handleForm(resetRequestSchema, formData, async ({ identifier }) => {
    const result = await requestPasswordReset(identifier, await currentRequestContext(), { app: await appOfSignIn(formData.get("interaction")) });
    (await cookies()).set(resetCookieName(), encodeResetCookie(result.cookie), resetCookieOptions(result.cookieMaxAgeSeconds));
  }, { keep: ["identifier"] });
  if (state.ok) redirect("/reset/sent");
  return state;
}

export async function verifyCodeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let next = "";
  const state = await handleForm(resetCodeSchema, formData, async ({ code }) => {
    const jar = await cookies();
    ({ next } = await verifyResetCode(jar.get(resetCookieName())?.value, code, await currentRequestContext()));
  });
  if (state.ok) redirect(next);
  return state;
}

export async function completeResetAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let target = "";
  const state = await handleForm(newPasswordSchema, formData, async ({ password }) => {
    const jar = await cookies();
    ({ redirectTo: target } = await completePasswordReset(jar.get(resetCookieName())?.value, password, await currentRequestContext()));
    jar.delete(resetCookieName());
  });
  if (state.ok) redirect(target);
  return state;
}
