"use server";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { z } from "zod";
import { currentUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import {
  confirmEmailFactor,
  confirmOtpEnrollment,
  confirmPassword,
  confirmPhoneEnrollment,
  enableEmailFactor,
  factorIdInput,
  factorNameInput,
  generateRecoveryCodes,
  phoneNumberInput,
  reauthCookieName,
  reauthCookieOptions,
  reauthSchema,
  removeFactor,
  renameFactor,
  sixDigitCode,
  startOtpEnrollment,
  startPhoneEnrollment,
  type AccountActor,
} from "@/lib/factors";
import { handleForm, type FormState } from "@/lib/http";
import { currentRequestContext } from "@/lib/http/server-request";
import { localizeFormState } from "@/lib/i18n/localize";
import { requestLocale } from "@/lib/i18n/request-locale";

const PAGE = "/account/security";

async function actor(): Promise<AccountActor> {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED");
  return { userId: user.id, reauth: (await cookies()).get(reauthCookieName())?.value, ctx: await currentRequestContext() };
}

/** A form's answer with its refusal in the page's language. */
async function localized(answer: Promise<FormState>): Promise<FormState> {
  return localizeFormState(await answer, await requestLocale());
}

function done(message: string, data?: Record<string, unknown>): FormState {
  revalidatePath(PAGE);
  return { ok: true, message, ...(data ? { data } : {}) };
}

export async function confirmPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return localized(handleForm(reauthSchema, formData, async ({ password }) => {
    const { userId } = await actor();
    const proof = await confirmPassword(userId, password);
    (await cookies()).set(reauthCookieName(), proof.cookie, reauthCookieOptions());
    return done("Password confirmed.");
  }));
}

const codeSchema = z.object({ code: sixDigitCode });
const noInput = z.object({});

export async function startOtpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return localized(handleForm(noInput, formData, async () => {
    await startOtpEnrollment(await actor());
    return done("Scan the QR code with your authenticator app.");
  }));
}

export async function confirmOtpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return localized(handleForm(codeSchema, formData, async ({ code }) => {
    await confirmOtpEnrollment(await actor(), code);
    return done("Authenticator app added.");
  }));
}

export async function enableEmailAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return localized(handleForm(noInput, formData, async () => {
    const result = await enableEmailFactor(await actor());
    return done(result.enabled ? "Email codes are on." : `We sent a code to ${result.sentTo}.`);
  }));
}

export async function confirmEmailAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return localized(handleForm(codeSchema, formData, async ({ code }) => {
    await confirmEmailFactor(await actor(), code);
    return done("Email verified. Email codes are on.");
  }));
}

export async function startPhoneAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return localized(handleForm(z.object({ phoneNumber: phoneNumberInput }), formData, async ({ phoneNumber }) => {
    const { sentTo } = await startPhoneEnrollment(await actor(), phoneNumber);
    return done(`We sent a code to ${sentTo}.`);
  }, { keep: ["phoneNumber"] }));
}

export async function confirmPhoneAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return localized(handleForm(codeSchema, formData, async ({ code }) => {
    await confirmPhoneEnrollment(await actor(), code);
    return done("Phone added.");
  }));
}

export async function generateRecoveryCodesAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return localized(handleForm(noInput, formData, async () => {
    const codes = await generateRecoveryCodes(await actor());
    return done("New recovery codes made. Any earlier codes no longer work.", { codes });
  }));
}

export async function removeFactorAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return localized(handleForm(z.object({ factorId: factorIdInput }), formData, async ({ factorId }) => {
    await removeFactor(await actor(), factorId);
    return done("Removed.");
  }));
}

export async function renameFactorAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return localized(handleForm(z.object({ factorId: factorIdInput, name: factorNameInput }), formData, async ({ factorId, name }) => {
    await renameFactor(await actor(), factorId, name);
    return done("Renamed.");
  }));
}
