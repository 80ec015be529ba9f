import { emailStrategy } from "./email-otp/strategy";
import { otpStrategy } from "./otp/strategy";
import { phoneStrategy } from "./phone/strategy";
import { recoveryCodeStrategy } from "./recovery-code/strategy";
import type { FactorStrategy } from "./strategy";
import { typedCode } from "./strategy-parts";
import type { SupportedFactorType } from "./types";
import { passkeyStrategy, securityKeyStrategy } from "./webauthn/strategy";

/**
 * Every factor Rekey can challenge, in the order pages offer them (strongest first, recovery
 * codes last). Labels are written once, in names.ts; each strategy carries its own.
 */
export const FACTOR_STRATEGIES: readonly FactorStrategy[] = [securityKeyStrategy, passkeyStrategy, otpStrategy, phoneStrategy, emailStrategy, recoveryCodeStrategy];

const BY_TYPE = new Map(FACTOR_STRATEGIES.map((s) => [s.type, s]));

/** The strategy of a supported factor type. */
export function factorStrategy(type: SupportedFactorType): FactorStrategy {
  return BY_TYPE.get(type)!;
}

/** The strategy of any string, or undefined (push, unknown types, hostile input). */
export function findFactorStrategy(type: string): FactorStrategy | undefined {
  return BY_TYPE.get(type as SupportedFactorType);
}

/** The factor types the user has enrolled (confirmed rows; recovery codes while one is left), in the registry's order. */
export async function enrolledFactorTypes(userId: string): Promise<SupportedFactorType[]> {
  const flags = await Promise.all(FACTOR_STRATEGIES.map((s) => s.enrolled(userId)));
  return FACTOR_STRATEGIES.filter((_, i) => flags[i]).map((s) => s.type);
}

/** A typed code in its factor's shape, refused (INVALID_INPUT, field `code`) before any try is taken. */
export function parseFactorCode(type: SupportedFactorType, code: string): string {
  return typedCode(factorStrategy(type), { kind: "code", code });
}
