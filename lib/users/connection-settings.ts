import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { logContext, writeLog } from "@/lib/logs";
import { MFA_POLICIES } from "./mfa-policy";

const checkbox = z.union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")]).optional().transform((v) => v === "on" || v === "true");

/** The connection settings an admin may change, as a form sends them. */
export const connectionSettingsSchema = z.object({
  signupEnabled: checkbox,
  requiresUsername: checkbox,
  passwordPolicy: z.enum(["none", "low", "fair", "good", "excellent"], { error: "Choose a policy level." }),
  passwordMinLength: z.coerce.number({ error: "Enter a number." }).int("Enter a whole number.").min(1, "At least 1.").max(128, "At most 128."),
  passwordHistorySize: z.coerce.number({ error: "Enter a number." }).int("Enter a whole number.").min(0, "At least 0.").max(24, "At most 24 (Auth0's limit)."),
  passwordDictionary: checkbox,
  passwordNoPersonalInfo: checkbox,
  /** Seconds; short lifetimes are allowed for testing, a day at most keeps a leaked link short-lived. */
  resetTicketLifetimeSec: z.coerce.number({ error: "Enter a number." }).int("Enter a whole number.").min(1, "At least 1 second.").max(86_400 * 5, "At most 5 days."),
  /** Second factor at sign-in; a form without the field leaves it as it is. */
  mfaPolicy: z.enum(MFA_POLICIES, { error: "Choose when to ask for a second factor." }).optional(),
  /** Auth0's import mode: a sign-in or reset that finds no user asks actions/custom-database/. */
  importMode: checkbox,
});
export type ConnectionSettingsInput = z.infer<typeof connectionSettingsSchema>;

/** Changes a connection's settings and logs what changed (before → after). */
export async function updateConnectionSettings(connectionId: string, input: ConnectionSettingsInput, actor: { id: string }, ctx: RequestContext) {
  const db = await prisma();
  const before = await db.connection.findUnique({ where: { id: connectionId } });
  if (!before) throw new AppError("NOT_FOUND", "Connection not found.");
  const after = await db.connection.update({ where: { id: connectionId }, data: input });
  // A list of { setting, from, to } rather than an object keyed by setting: the log redacts any
  // key that looks like a secret, and every password-policy setting's name starts with "password".
  const changes = (Object.keys(input) as (keyof ConnectionSettingsInput)[])
    .filter((key) => before[key] !== after[key])
    .map((key) => ({ setting: key, from: before[key], to: after[key] }));
  await writeLog({ type: "sapi", connectionId, ...logContext(ctx), description: "Update connection settings", details: { actor: actor.id, changes } });
  return after;
}
