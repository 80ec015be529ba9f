"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
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
    return { ok: true };
  });
}
