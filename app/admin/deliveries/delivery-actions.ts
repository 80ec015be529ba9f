"use server";

import { revalidatePath } from "next/cache";
import { adminRetryDelivery, retryDeliverySchema } from "@/lib/admin";
import { requireAdmin } from "@/lib/auth";
import { handleForm, type FormState } from "@/lib/http";
import { currentRequestContext } from "@/lib/http/server-request";
import { wakeWorkers } from "@/lib/jobs";

export async function retryDeliveryAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  return handleForm(retryDeliverySchema, formData, async (input) => {
    await adminRetryDelivery(input, admin, await currentRequestContext());
    wakeWorkers();
    revalidatePath("/admin/deliveries");
    revalidatePath(`/admin/deliveries/${input.jobId}`);
    return { ok: true, message: "Retry queued." };
  });
}
