"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { applicationCreateFormSchema, applicationEditFormSchema, applicationPatchOf, clientIdFormSchema } from "@/lib/admin";
import { createApplication, deleteApplication, rotateApplicationSecret, updateApplication } from "@/lib/applications";
import { requireAdmin } from "@/lib/auth";
import { handleForm, type FormState } from "@/lib/http";

const LIST_KEEP = ["name", "callbacks", "allowed_logout_urls", "web_origins"] as const;

export async function createApplicationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  await requireAdmin();
  return handleForm(
    applicationCreateFormSchema,
    formData,
    async (input) => {
      const { application, clientSecret } = await createApplication(input);
      revalidatePath("/admin/applications");
      return { ok: true, data: { clientId: application.id, clientSecret } };
    },
    { keep: LIST_KEEP },
  );
}

export async function updateApplicationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  await requireAdmin();
  return handleForm(applicationEditFormSchema, formData, async (input) => {
    const { clientSecret } = await updateApplication(input.clientId, applicationPatchOf(input));
    revalidatePath(`/admin/applications/${input.clientId}`);
    return { ok: true, message: "Saved.", data: clientSecret ? { clientSecret } : undefined };
  });
}

export async function rotateSecretAction(_previous: FormState, formData: FormData): Promise<FormState> {
  await requireAdmin();
  return handleForm(clientIdFormSchema, formData, async ({ clientId }) => {
    const { clientSecret } = await rotateApplicationSecret(clientId);
    return { ok: true, data: { clientSecret } };
  });
}

export async function deleteApplicationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  await requireAdmin();
  const state = await handleForm(clientIdFormSchema, formData, async ({ clientId }) => {
    await deleteApplication(clientId);
    revalidatePath("/admin/applications");
  });
  if (state.ok) redirect("/admin/applications");
  return state;
}
