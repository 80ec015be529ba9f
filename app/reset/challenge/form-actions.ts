"use server";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { handleForm, type FormState } from "@/lib/http";
import { localizeFormState } from "@/lib/i18n/localize";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translator } from "@/lib/i18n";
import { currentRequestContext } from "@/lib/http/server-request";
import { factorCodeSchema, factorStartSchema, resetCookieName, startFactorStep, verifyFactorCode } from "@/lib/reset";

async function resetCookie(): Promise<string | undefined> {
  return (await cookies()).get(resetCookieName())?.value;
}

/** "Send code" and "Send a new code" for email and SMS. */
export async function sendCodeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const locale = await requestLocale();
  const state = await handleForm(factorStartSchema, formData, async ({ factor }) => {
    const started = await startFactorStep(await resetCookie(), factor, await currentRequestContext());
    revalidatePath("/reset/challenge");
    return { ok: true, message: started.kind === "code-sent" ? translator(locale)("reset.newCodeSent", { to: started.sentTo }) : undefined };
  });
  return localizeFormState(state, locale);
}

/**
 * A typed code. On success the browser goes where the flow goes next, except after a recovery
 * code: the form first says how many codes are left.
 */
export async function verifyCodeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let next = "";
  const state = await handleForm(factorCodeSchema, formData, async (input) => {
    const passed = await verifyFactorCode(await resetCookie(), input, await currentRequestContext());
    next = passed.next;
    if (passed.remainingRecoveryCodes !== undefined) return { ok: true, data: { next, remaining: passed.remainingRecoveryCodes } };
  });
  if (state.ok && !state.data) redirect(next);
  return localizeFormState(state, await requestLocale());
}
