import type { Prisma } from "@/lib/db";
import { sealSecret } from "./seal";

/** Auth0's `mfa_factors` entries, already validated by the import. */
export type ImportedFactor = { totp: { secret: string } } | { phone: { value: string } } | { email: { value: string } };

/**
 * Enrolls an imported user's factors, confirmed, in the caller's transaction: the old system
 * already verified them. TOTP secrets are sealed like our own (bound to the user id).
 */
export async function enrollImportedFactors(tx: Prisma.TransactionClient, userId: string, factors: readonly ImportedFactor[]): Promise<void> {
  const now = new Date();
  const rows = factors.map((f) => {
    if ("totp" in f) return { userId, type: "otp", name: "Authenticator app", secretSealed: sealSecret(f.totp.secret.replace(/=+$/, "").toUpperCase(), userId), confirmedAt: now };
    if ("phone" in f) return { userId, type: "phone", name: "Phone", address: f.phone.value, confirmedAt: now };
    return { userId, type: "email", name: "Email", address: f.email.value.trim().toLowerCase(), confirmedAt: now };
  });
  if (rows.length > 0) await tx.factor.createMany({ data: rows });
}
