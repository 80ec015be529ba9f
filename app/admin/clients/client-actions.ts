"use server";

import { revalidatePath } from "next/cache";
import { joinFormValues, machineClientFormSchema, revokeClientSchema } from "@/lib/admin";
import { requireAdmin } from "@/lib/auth";
import { handleForm, type FormState } from "@/lib/http";
import { currentRequestContext } from "@/lib/http/server-request";
import { createMachineClient, revokeMachineClient } from "@/lib/management";

export async function createClientAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  return handleForm(machineClientFormSchema, joinFormValues(formData, "scopes"), async (input) => {
    const { client, clientSecret } = await createMachineClient(input, { kind: "admin", id: admin.id }, await currentRequestContext());
    revalidatePath("/admin/clients");
    return { ok: true, data: { clientId: client.id, clientSecret } };
  });
}

export async function revokeClientAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  return handleForm(revokeClientSchema, formData, async ({ clientId }) => {
    await revokeMachineClient(clientId, admin, await currentRequestContext());
    revalidatePath("/admin/clients");
    return { ok: true };
  });
}
