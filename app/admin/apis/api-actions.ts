"use server";

import { revalidatePath } from "next/cache";
import { apiCreateFormSchema, apiGrantFormSchema, apiIdFormSchema } from "@/lib/admin";
import { createResourceServer, deleteResourceServer, grantApiToApplication } from "@/lib/applications";
import { requireAdmin } from "@/lib/auth";
import { handleForm, type FormState } from "@/lib/http";
import { managementAudience } from "@/lib/management";

export async function createApiAction(_previous: FormState, formData: FormData): Promise<FormState> {
  await requireAdmin();
  return handleForm(
    apiCreateFormSchema,
    formData,
    async (input) => {
      await createResourceServer(input, [managementAudience(), managementAudience().replace(/\/$/, "")]);
      revalidatePath("/admin/apis");
      return { ok: true, message: "API created." };
    },
    { keep: ["name", "identifier"] },
  );
}

export async function deleteApiAction(_previous: FormState, formData: FormData): Promise<FormState> {
  await requireAdmin();
  return handleForm(apiIdFormSchema, formData, async ({ apiId }) => {
    await deleteResourceServer(apiId);
    revalidatePath("/admin/apis");
    return { ok: true, message: "Deleted." };
  });
}

export async function grantApiAction(_previous: FormState, formData: FormData): Promise<FormState> {
  await requireAdmin();
  return handleForm(apiGrantFormSchema, formData, async ({ apiId, clientId, scopes }) => {
    await grantApiToApplication(apiId, clientId, scopes);
    revalidatePath("/admin/apis");
    return { ok: true, message: "Granted." };
  });
}
