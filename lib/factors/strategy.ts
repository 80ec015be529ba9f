import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { z } from "zod";
import type { Prisma } from "@/lib/db";
import type { FactorType, FlowActor, SupportedFactorType } from "./types";
import type { AuthenticationResponse } from "./webauthn/relying-party";

/** What a challenge page offers for one factor of this user, now. */
export type FactorOffer = {
  /** Masked address, or how many recovery codes are left. */
  detail?: string;
  /** email, phone: a code was sent in this flow and can be typed. */
  codeSent?: boolean;
  /** False once this method's tries in this flow are spent. */
  open: boolean;
};

/** What starting a method gave: WebAuthn options for the browser, or a code sent. */
export type StartedFactor =
  | { kind: "webauthn"; options: PublicKeyCredentialRequestOptionsJSON }
  | { kind: "code-sent"; sentTo: string; expiresAt: Date };

/** What the person answered: a typed code, or a WebAuthn assertion. */
export type FactorProof = { kind: "code"; code: string } | { kind: "assertion"; response: AuthenticationResponse };

/** A passed check: the factor that passed (a key's own type), and what is left of a spent resource. */
export type VerifiedFactor = { type: SupportedFactorType; factorId?: string; remainingRecoveryCodes?: number };

/**
 * One second factor, as every caller sees it (the reset's challenge, sign-in's factor step, the
 * account page, the console): callers loop over the registry (registry.ts) instead of switching on
 * the type. A folder per factor exports its strategy; its name and label are written there once.
 */
export type FactorStrategy = {
  type: SupportedFactorType;
  /** How the pages name it. */
  label: string;
  /** How its challenge goes: a typed code with nothing sent, a code sent first, or a WebAuthn ceremony (needs JavaScript). */
  challenge: "typed" | "sent" | "webauthn";
  /** RFC 8176 `amr` values a pass proves, beside `pwd` (and `mfa` for a second factor). */
  amr: readonly string[];
  /** The typed code's shape (normalised), for `typed` and `sent` factors. */
  codeInput?: z.ZodType<string>;
  /**
   * Whether the user has this factor set up on their account (a confirmed row). It is what the MFA
   * policy at sign-in counts; a verified address alone is not an enrollment.
   */
  enrolled(userId: string): Promise<boolean>;
  /** What a challenge page offers, or null when this user cannot use it now. */
  offer(actor: FlowActor): Promise<FactorOffer | null>;
  /** Starts a challenge: sends a code, or makes WebAuthn options over the allowed key types. */
  start(actor: FlowActor, allowed: readonly FactorType[]): Promise<StartedFactor>;
  /** Checks the answer within the flow's limits; throws an AppError when it is not right. */
  verify(actor: FlowActor, proof: FactorProof, allowed: readonly FactorType[]): Promise<VerifiedFactor>;
  /** What removing the factor row takes with it beside its challenges (recovery codes: every code). */
  removeExtras(tx: Prisma.TransactionClient, userId: string): Promise<void>;
  /** A short description of an enrolled row for the account page and the console. */
  describe(row: { address: string | null }, ctx: { recoveryCodesLeft: number }): string | undefined;
};
