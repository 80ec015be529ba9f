"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  adminCreateResetTicket,
  adminCreateTicketSchema,
  adminCreateUser,
  adminCreateUserSchema,
  adminDeleteUser,
  adminDeleteUserSchema,
  adminRemoveFactor,
  adminRemoveFactorSchema,
  adminSendResetEmail,
  adminSetPassword,
  adminSetPasswordSchema,
  adminUserActionSchema,
} from "@/lib/admin";
import { requireAdmin } from "@/lib/auth";
import { handleForm, type FormState } from "@/lib/http";
import { currentRequestContext } from "@/lib/http/server-request";
import { setUserBlocked } from "@/lib/users";

const blockSchema = z.object({ userId: z.string().regex(/^[0-9a-f]{24}$/, "Unknown user."), blocked: z.enum(["true", "false"]) });

export async function setBlockedAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  return handleForm(blockSchema, formData, async ({ userId, blocked }) => {
    await setUserBlocked(userId, blocked === "true", admin, await currentRequestContext());
    revalidatePath("/admin");
    revalidatePath(`/admin/users/${userId}`);
    return { ok: true };
  });
}

export async function createUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  let created: string | undefined;
  const state = await handleForm(adminCreateUserSchema, formData, async (input) => {
    created = (await adminCreateUser(input, admin, await currentRequestContext())).id;
  });
  if (created) redirect(`/admin/users/${created}?notice=created`);
  return state;
}

export async function setPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  return handleForm(adminSetPasswordSchema, formData, async (input) => {
    await adminSetPassword(input, admin, await currentRequestContext());
    revalidatePath(`/admin/users/${input.userId}`);
    return { ok: true, message: "Password set. Every session of this user was signed out." };
  });
}

export async function sendResetEmailAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  return handleForm(adminUserActionSchema, formData, async (input) => {
    await adminSendResetEmail(input, admin, await currentRequestContext());
    revalidatePath(`/admin/users/${input.userId}`);
    return { ok: true, message: "Reset email queued. The user's earlier reset links no longer work." };
  });
}

export async function createTicketAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  return handleForm(adminCreateTicketSchema, formData, async (input) => {
    const ticket = await adminCreateResetTicket(input, admin, await currentRequestContext());
    revalidatePath(`/admin/users/${input.userId}`);
    return { ok: true, data: { url: ticket.url, expiresAt: ticket.expiresAt.toISOString() } };
  });
}

export async function removeFactorAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  return handleForm(adminRemoveFactorSchema, formData, async (input) => {
    await adminRemoveFactor(input, admin, await currentRequestContext());
    revalidatePath(`/admin/users/${input.userId}`);
    return { ok: true };
  });
}

export async function deleteUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  let deleted = false;
  const state = await handleForm(adminDeleteUserSchema, formData, async (input) => {
    await adminDeleteUser(input, admin, await currentRequestContext());
    deleted = true;
  });
  if (deleted) {
    revalidatePath("/admin");
    redirect("/admin?notice=deleted");
  }
  return state;
}
