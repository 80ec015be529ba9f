import { prisma } from "@/lib/db";
import { catalogError } from "@/lib/errors";
import type { FactorProof, FactorStrategy } from "./strategy";
import type { SupportedFactorType } from "./types";

/** Whether the user has a confirmed factor row of this type. */
export async function hasConfirmed(userId: string, type: SupportedFactorType): Promise<boolean> {
  const db = await prisma();
  return (await db.factor.count({ where: { userId, type, confirmedAt: { not: null } } })) > 0;
}

/** `start` of a factor with nothing to send: the page shows its code field at once. */
export async function nothingToSend(): Promise<never> {
  throw catalogError("INVALID_INPUT", { id: "refusals.nothingSent" });
}

/** The typed code of a proof, in the strategy's shape; a malformed one is refused before any try is taken. */
export function typedCode(strategy: Pick<FactorStrategy, "codeInput">, proof: FactorProof): string {
  if (proof.kind !== "code" || !strategy.codeInput) throw catalogError("INVALID_INPUT", { id: "refusals.typeTheCode" });
  const parsed = strategy.codeInput.safeParse(proof.code);
  if (parsed.success) return parsed.data;
  throw catalogError("INVALID_INPUT", { id: parsed.error.issues[0]?.message ?? "fields.codeRequired" }, { field: "code" });
}

/** `removeExtras` of a factor that is nothing but its row. */
export async function noExtras(): Promise<void> {}
