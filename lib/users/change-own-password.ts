import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { verifyPassword } from "@/lib/passwords";
import { assertRateLimit } from "@/lib/security";
import { setUserPassword, type PasswordWriteResult } from "./set-password";

/** A signed-in user's change on /account: the current password proves it is them. */
export async function changeOwnPassword(
  userId: string,
  input: { currentPassword: string; newPassword: string },
  ctx: RequestContext,
): Promise<PasswordWriteResult> {
  await assertRateLimit("accountPasswordChange", userId, undefined, { tooMany: "attempts" });
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("WRONG_CURRENT_PASSWORD", undefined, { fields: { currentPassword: "The current password is wrong." } });
  }
  return setUserPassword({ userId, newPassword: input.newPassword, reason: "self", ctx });
}
