import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { listLogs } from "@/lib/logs";
import { createPasswordChangeTicket, MAX_TICKET_TTL_SEC, requestPasswordReset, resultUrlSchema } from "@/lib/reset";
import {
  createUser,
  defaultConnection,
  deleteUser,
  findUserById,
  listUserFactors,
  passwordInput,
  removeUserFactor,
  setUserPassword,
  userFields,
} from "@/lib/users";
import { logAdminChange } from "./log";

type Admin = { id: string };

const userId = z.string().regex(/^[0-9a-f]{24}$/, "Unknown user.");
const checkbox = z.union([z.literal("on"), z.literal("true"), z.literal("")]).optional().transform((v) => v === "on" || v === "true");

/** Everything the user page shows: the profile, factors, sessions and the latest log lines. */
export async function getUserOverview(id: string) {
  if (!userId.safeParse(id).success) return null;
  const user = await findUserById(id);
  if (!user) return null;
  const db = await prisma();
  const [{ factors, recoveryCodesLeft }, logs, openResets] = await Promise.all([
    listUserFactors(id),
    listLogs({ userId: id, take: 20 }),
    db.resetFlow.count({ where: { userId: id, state: { notIn: ["completed", "expired", "denied"] }, expiresAt: { gt: new Date() } } }),
  ]);
  return { user, factors, recoveryCodesLeft, logs: logs.items, logTotal: logs.total, openResets };
}

export const adminCreateUserSchema = z.object({
  email: z.string({ error: "Enter an email address." }).trim().min(3, "Enter an email address.").max(254, "That email address is too long.").pipe(z.email({ error: "Enter a valid email address." })),
  // The sign-up form's rules: a NUL in either reached the insert and PostgreSQL refused it (a 500).
  username: userFields.optionalUsername,
  name: userFields.name,
  password: passwordInput,
  emailVerified: checkbox,
});

/** A user created by an admin: the connection's policy applies as for everyone. */
export async function adminCreateUser(input: z.infer<typeof adminCreateUserSchema>, admin: Admin, ctx: RequestContext) {
  const connection = await defaultConnection();
  const user = await createUser(
    { email: input.email, username: input.username || undefined, name: input.name || undefined, password: input.password, emailVerified: input.emailVerified },
    { connection, ctx },
  );
  await logAdminChange("Create a User", admin, ctx, { userId: user.id });
  return user;
}

export const adminSetPasswordSchema = z
  .object({ userId, password: passwordInput, confirmPassword: passwordInput })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });

/**
 * An admin sets a user's password: the one password write path, so the policy applies, every
 * session of the user ends and the post-change-password delivery and notice email are queued.
 */
export async function adminSetPassword(input: z.infer<typeof adminSetPasswordSchema>, admin: Admin, ctx: RequestContext) {
  await setUserPassword({ userId: input.userId, newPassword: input.password, reason: "admin", ctx, actor: admin.id });
  await logAdminChange("Set a user's password", admin, ctx, { userId: input.userId });
}

export const adminUserActionSchema = z.object({ userId });

/** The same request as the /reset form, with its limits; the user gets the email with the link (no tab asked, so no code). */
export async function adminSendResetEmail(input: z.infer<typeof adminUserActionSchema>, admin: Admin, ctx: RequestContext) {
  const user = await findUserById(input.userId);
  if (!user) throw new AppError("NOT_FOUND", "User not found.");
  if (!user.email) throw new AppError("INVALID_INPUT", "This user has no email address to send a link to.");
  if (user.blocked) throw new AppError("INVALID_INPUT", "This user is blocked: unblock them before sending a reset email.");
  await requestPasswordReset(user.email, ctx, { source: "admin" });
  await logAdminChange("Send a password reset email", admin, ctx, { userId: user.id });
}

/** Lifetimes the console offers for a reset link, in seconds. */
export const TICKET_LIFETIMES = [
  [900, "15 minutes"],
  [3600, "1 hour"],
  [86_400, "1 day"],
  [432_000, "5 days"],
] as const;

export const adminCreateTicketSchema = z.object({
  userId,
  ttlSec: z.coerce.number({ error: "Choose a lifetime." }).int().min(60, "At least a minute.").max(MAX_TICKET_TTL_SEC, "At most 30 days."),
  resultUrl: z.union([z.literal("").transform(() => undefined), resultUrlSchema]).optional(),
  markEmailVerified: checkbox,
});

/** A single-use reset link to hand to the user; shown once, only its hash is kept. */
export async function adminCreateResetTicket(input: z.infer<typeof adminCreateTicketSchema>, admin: Admin, ctx: RequestContext) {
  const ticket = await createPasswordChangeTicket(
    { userId: input.userId, ttlSec: input.ttlSec, resultUrl: input.resultUrl, markEmailVerified: input.markEmailVerified },
    ctx,
  );
  await logAdminChange("Create a Password Change Ticket", admin, ctx, { userId: input.userId, details: { ttl_sec: input.ttlSec } });
  return ticket;
}

export const adminRemoveFactorSchema = z.object({ userId, factorId: z.uuid("Unknown factor.") });

export async function adminRemoveFactor(input: z.infer<typeof adminRemoveFactorSchema>, admin: Admin, ctx: RequestContext) {
  if (!(await removeUserFactor(input.userId, input.factorId, admin, ctx))) throw new AppError("NOT_FOUND", "This factor was already removed.");
  await logAdminChange("Remove a factor", admin, ctx, { userId: input.userId, details: { factor_id: input.factorId } });
}

export const adminDeleteUserSchema = z.object({ userId, confirmation: z.string().max(254).optional() });

/**
 * Deletes a user once the admin typed the user's email (or username) again: a slip of the mouse
 * cannot delete anyone. Logs sdu (the deletion) and sapi (who did it, from the console).
 */
export async function adminDeleteUser(input: z.infer<typeof adminDeleteUserSchema>, admin: Admin, ctx: RequestContext) {
  const user = await findUserById(input.userId);
  if (!user) throw new AppError("NOT_FOUND", "User not found.");
  const expected = (user.email ?? user.username ?? "").toLowerCase();
  if (!input.confirmation || input.confirmation.trim().toLowerCase() !== expected) {
    throw new AppError("INVALID_INPUT", "Type the user's email address to confirm.", { fields: { confirmation: `Type ${expected} to confirm.` } });
  }
  await deleteUser(user.id, { id: admin.id, kind: "admin" }, ctx);
  await logAdminChange("Delete a User", admin, ctx, { userId: user.id });
}
