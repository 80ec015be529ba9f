"use server";

import { actionTestSchema, runActionTest } from "@/lib/admin";
import { requireAdmin } from "@/lib/auth";
import { handleForm, type FormState } from "@/lib/http";

export async function actionTestFormAction(_previous: FormState, formData: FormData): Promise<FormState> {
  await requireAdmin();
  return handleForm(actionTestSchema, formData, async (input) => {
    const outcome = await runActionTest(input);
    return { ok: true, data: { outcome: JSON.parse(JSON.stringify(outcome)) as unknown } };
  });
}
