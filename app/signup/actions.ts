"use server";

import { handleForm, type FormState } from "@/lib/http";
import { currentRequestContext } from "@/lib/http/server-request";
import { signUp, signUpSchema } from "@/lib/users";

export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return handleForm(signUpSchema, formData, async (input) => {
    await signUp(input, await currentRequestContext());
    return { ok: true };
  });
}
