// lib/users' entry into lib/reset, imported by path rather than through index.ts: lib/reset builds
// on lib/users (the password write), so this file must import nothing of lib/users, and the index
// would. Every write it makes goes through the state table like any other move of a flow.
import type { Prisma } from "@/lib/db";
import { ACTIVE_STATES, canTransition, type AccountEndReason } from "./states";
import { expireUserFlows } from "./transition";

type Tx = Pick<Prisma.TransactionClient, "resetFlow" | "$queryRaw">;

const ENDABLE_STATES = ACTIVE_STATES.filter((state) => canTransition(state, "expired"));

/**
 * Ends every open reset of a user, unused links and tickets as well as flows past their link
 * (awaiting a factor, a redirect, or the new password), in the caller's transaction: a password
 * write, an email change, a block or a deletion commits together with the end of the links that
 * were issued before it, or not at all. Returns how many flows it ended.
 */
export async function endUserResets(tx: Tx, userId: string, reason: AccountEndReason): Promise<number> {
  return expireUserFlows(tx, userId, ENDABLE_STATES, reason);
}
