"use server";

import { handleForm, type FormState } from "@/lib/http";
import { currentRequestContext } from "@/lib/http/server-request";
import { createUser, defaultConnection, signUpSchema } from "@/lib/users";

export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return handleForm(signUpSchema, formData, async (input) => {
    const connection = await defaultConnection();
    await createUser(input, { connection, ctx: await currentRequestContext(), selfSignUp: true });
    return { ok: true };
  });
}
