"use server";

import { revalidatePath } from "next/cache";
import { requireAdmin } from "@/lib/auth";
import { handleForm, type FormState } from "@/lib/http";
import { currentRequestContext } from "@/lib/http/server-request";
import { connectionSettingsSchema, defaultConnection, updateConnectionSettings } from "@/lib/users";

export async function saveConnectionSettingsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  return handleForm(connectionSettingsSchema, formData, async (input) => {
    const connection = await defaultConnection();
    await updateConnectionSettings(connection.id, input, admin, await currentRequestContext());
    revalidatePath("/admin/connection");
    return { ok: true, message: "Settings saved." };
  });
}
