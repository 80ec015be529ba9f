import { prisma } from "@/lib/db";
import { confirmedPhone, listEnrolledFactors, maskPhone } from "@/lib/factors";

/**
 * What can prove a sign-in after the password: the code-based second factors, in the order they
 * are offered. A security key is not offered here yet (its ceremony needs JavaScript and its own
 * routes); a user with only a key gets the emailed code.
 */
export const PROOF_METHODS = ["otp", "phone", "email", "recovery-code"] as const;
export type ProofMethod = (typeof PROOF_METHODS)[number];

/** The methods whose code is sent (and which therefore have a send/resend button). */
export type SentMethod = Extract<ProofMethod, "email" | "phone">;

export function isSentMethod(method: ProofMethod): method is SentMethod {
  return method === "email" || method === "phone";
}

export type ProofOption = { method: ProofMethod; /** Masked phone number. */ detail?: string };

/**
 * The methods offered for an account: its enrolled code-based factors; without any, a code
 * emailed to the account's address (Auth0's "email as a factor for users with an address").
 * An unknown identifier, and an account without an address, get the same email option: the page
 * must not tell a guesser which accounts exist, and nothing is ever sent to those.
 */
export async function proofOptionsFor(userId: string | null): Promise<ProofOption[]> {
  if (!userId) return [{ method: "email" }];
  const enrolled = new Set((await listEnrolledFactors(userId)).map((f) => f.type));
  const options: ProofOption[] = [];
  for (const method of PROOF_METHODS) {
    if (!enrolled.has(method)) continue;
    if (method === "phone") {
      const phone = await confirmedPhone(userId);
      if (phone) options.push({ method, detail: maskPhone(phone.number) });
    } else {
      options.push({ method });
    }
  }
  return options.length ? options : [{ method: "email" }];
}

/** Where a sent method's code goes, or null when nothing can be sent (no address, no phone). */
export async function destinationOf(userId: string | null, method: SentMethod): Promise<string | null> {
  if (!userId) return null;
  if (method === "phone") return (await confirmedPhone(userId))?.number ?? null;
  const db = await prisma();
  return (await db.user.findUnique({ where: { id: userId }, select: { email: true } }))?.email ?? null;
}
