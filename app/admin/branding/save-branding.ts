"use server";

import { revalidatePath } from "next/cache";
import { requireAdmin } from "@/lib/auth";
import { brandingSettingsSchema, failsWhiteText, readBrandingUploads, saveBranding } from "@/lib/branding";
import { formDataToObject, handleForm, type FormState } from "@/lib/http";

export async function saveBrandingAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  const state = await handleForm(brandingSettingsSchema, formData, async (input) => {
    const branding = await saveBranding({ ...input, ...(await readBrandingUploads(formData)) }, admin);
    revalidatePath("/", "layout");
    return { ok: true, message: "Branding saved.", data: { lowContrast: failsWhiteText(branding) } };
  });
  // A refused form keeps what was typed (the files must be chosen again: browsers never refill them).
  return state.ok ? state : { ...state, data: { ...state.data, values: formDataToObject(formData, ["productName", "primaryColor", "backgroundColor"]) } };
}
