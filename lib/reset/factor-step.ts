import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import {
  authenticationResponseSchema,
  factorStrategy,
  findFactorStrategy,
  parseFactorCode,
  SUPPORTED_FACTOR_TYPES,
  WEBAUTHN_TYPES,
  type FactorProof,
  type FactorType,
  type FlowActor,
  type StartedFactor,
  type SupportedFactorType,
} from "@/lib/factors";
import type { RequestContext } from "@/lib/http";
import { logContext, type LogType, writeLog } from "@/lib/logs";
import { assertRateLimit } from "@/lib/security";
import type { FlowState } from "./flow";
import { loadBoundFlow } from "./load-flow";
import { passFactor } from "./pass-factor";
import type { FactorChallenge as Challenge } from "./progress";

type AwaitingFlow = { flow: FlowState<"awaiting_factor">; challenge: Challenge; actor: FlowActor };

/** One method the page can offer, with what the person needs to recognise it. */
export type FactorOption = {
  type: SupportedFactorType;
  /** Masked address, or how many recovery codes are left. */
  detail?: string;
  /** email, phone: a code was sent and can be typed. */
  codeSent?: boolean;
  /** False once this method's tries in this reset are spent. */
  open: boolean;
};

export type FactorStep = { mode: Challenge["mode"]; options: FactorOption[] };

export const factorStartSchema = z.object({ factor: z.enum(SUPPORTED_FACTOR_TYPES, { error: "fields.chooseMethod" }) });

export const factorCodeSchema = z.object({
  factor: z.enum(["otp", "email", "phone", "recovery-code"], { error: "fields.chooseMethod" }),
  code: z.string({ error: "fields.codeRequired" }).max(64, "fields.codeTooLong"),
});

export const factorAssertionSchema = z.object({
  factor: z.enum(WEBAUTHN_TYPES, { error: "fields.chooseMethod" }),
  response: authenticationResponseSchema,
});

// The checks of every step, in order: the flow bound to this browser and not expired
// (loadBoundFlow), waiting for a factor, and the method one the challenge allows.
async function loadAwaitingFlow(cookieValue: string | undefined, ctx: RequestContext): Promise<AwaitingFlow> {
  const flow = await loadBoundFlow(cookieValue);
  if (flow.state !== "awaiting_factor") throw new AppError("RESET_FLOW_STATE");
  const { challenge } = flow;
  return { flow, challenge, actor: { userId: flow.userId, flowId: flow.id, flowExpiresAt: flow.expiresAt, ctx } };
}

function assertAllowed(challenge: Challenge, type: FactorType): void {
  if (!challenge.factors.includes(type)) throw new AppError("FACTOR_NOT_ALLOWED");
}

async function limitGuesses(step: AwaitingFlow): Promise<void> {
  await assertRateLimit("factorVerifyPerUser", step.actor.userId, () => log(step, "gd_otp_rate_limit_exceed", { policy: "factorVerifyPerUser" }), { tooMany: "attempts" });
}

async function log(step: AwaitingFlow, type: LogType, details: Record<string, unknown>): Promise<void> {
  await writeLog({
    type,
    ...logContext(step.actor.ctx, { userId: step.flow.userId, userName: step.flow.identifier, connectionId: step.flow.connectionId }),
    details: { flowId: step.flow.id, ...details },
  });
}

/**
 * What the challenge page shows: the allowed methods the user can use now, in the Action's order
 * (the first is the default). A method without a usable enrollment is left out.
 */
export async function loadFactorStep(cookieValue: string | undefined, ctx: RequestContext): Promise<FactorStep> {
  const step = await loadAwaitingFlow(cookieValue, ctx);
  const { actor, challenge } = step;
  const options: FactorOption[] = [];
  for (const type of challenge.factors) {
    const offer = await findFactorStrategy(type)?.offer(actor);
    if (offer) options.push({ type: type as SupportedFactorType, ...offer });
  }
  return { mode: challenge.mode, options };
}

export type { StartedFactor };

/** Starts a method: WebAuthn options for the ceremony, or a code sent by email or SMS (a job). */
export async function startFactorStep(cookieValue: string | undefined, factor: SupportedFactorType, ctx: RequestContext): Promise<StartedFactor> {
  const step = await loadAwaitingFlow(cookieValue, ctx);
  assertAllowed(step.challenge, factor);
  return factorStrategy(factor).start(step.actor, step.challenge.factors);
}

export type PassedFactor = { next: string; factor: FactorType; remainingRecoveryCodes?: number };

// Runs one check; logs its outcome as Auth0 does (recovery codes have their own codes), and on
// success records the factor on the flow and resumes the pipeline.
async function settle(step: AwaitingFlow, factor: FactorType, check: () => Promise<{ passed: FactorType; remaining?: number }>): Promise<PassedFactor> {
  const recovery = factor === "recovery-code";
  let result: { passed: FactorType; remaining?: number };
  try {
    result = await check();
  } catch (error) {
    const reason = isAppError(error) ? error.code : "INTERNAL";
    await log(step, recovery ? "gd_recovery_failed" : "gd_auth_failed", { factor, reason, ...(isAppError(error) && error.detail ? { detail: error.detail } : {}) });
    throw error;
  }
  await log(step, recovery ? "gd_recovery_succeed" : "gd_auth_succeed", { factor: result.passed });
  const next = await passFactor(step.flow, result.passed, step.actor.ctx);
  return { next, factor: result.passed, ...(result.remaining === undefined ? {} : { remainingRecoveryCodes: result.remaining }) };
}

/**
 * A typed code (email, SMS, authenticator app, recovery code): bound to this flow and user, one of
 * the challenge's 5 tries, and a per-user limit across flows so opening reset after reset does
 * not buy more guesses.
 */
export async function verifyFactorCode(cookieValue: string | undefined, input: z.infer<typeof factorCodeSchema>, ctx: RequestContext): Promise<PassedFactor> {
  const step = await loadAwaitingFlow(cookieValue, ctx);
  assertAllowed(step.challenge, input.factor);
  const code = parseFactorCode(input.factor, input.code);
  await limitGuesses(step);
  return settle(step, input.factor, () => verifyWith(step, input.factor, { kind: "code", code }));
}

// The factor's own check, through its strategy.
async function verifyWith(step: AwaitingFlow, factor: SupportedFactorType, proof: FactorProof): Promise<{ passed: FactorType; remaining?: number }> {
  const verified = await factorStrategy(factor).verify(step.actor, proof, step.challenge.factors);
  return { passed: verified.type, ...(verified.remainingRecoveryCodes === undefined ? {} : { remaining: verified.remainingRecoveryCodes }) };
}

/** A WebAuthn assertion for this flow's challenge; the key's own type is the factor passed. */
export async function verifyFactorAssertion(cookieValue: string | undefined, input: z.infer<typeof factorAssertionSchema>, ctx: RequestContext): Promise<PassedFactor> {
  const step = await loadAwaitingFlow(cookieValue, ctx);
  assertAllowed(step.challenge, input.factor);
  return settle(step, input.factor, () => verifyWith(step, input.factor, { kind: "assertion", response: input.response }));
}
