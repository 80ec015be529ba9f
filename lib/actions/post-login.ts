import { z } from "zod";
import { discoverActions, type ActionFile } from "./discover";
import { buildPostLoginEvent, type PostLoginFacts } from "./events/post-login";
import { isProtectedClaim, MAX_CUSTOM_CLAIMS_BYTES } from "./protected-claims";
import { runActionFile } from "./run-file";
import { postLoginCommandSchema, type ChallengeFactorSelector, type ExecutionResult, type PostLoginCommand } from "./sandbox";

const TRIGGER = "post-login" as const;

type MetadataWrite = { name: string; value?: unknown };

/** What the post-login Actions asked of the sign-in, folded over every Action in order. */
export type PostLoginChanges = {
  idTokenClaims: Record<string, unknown>;
  accessTokenClaims: Record<string, unknown>;
  scopesAdded: string[];
  scopesRemoved: string[];
  /** `api.multifactor.enable`; the last call wins (`provider: "none"` turns it off). */
  multifactor?: { provider: string; allowRememberBrowser: boolean };
  /** `api.authentication.challengeWith*` / `enrollWith*`, in order. */
  factorRequests: Array<{ action: string; mode: "challengeWith" | "challengeWithAny" | "enrollWith" | "enrollWithAny"; factors: ChallengeFactorSelector[] }>;
  /** Custom methods (`recordMethod`), added to the sign-in's methods. */
  recordedMethods: string[];
  /** Metadata writes, applied once after the trigger, in call order (no value: delete). */
  appMetadata: MetadataWrite[];
  userMetadata: MetadataWrite[];
  /** `api.refreshToken.revoke` (a refresh-token exchange only). */
  refreshTokenRevoked?: string;
  /** Claims set under a protected name, ignored as Auth0 does. */
  ignoredClaims: string[];
};

/**
 * Where a suspended run stands: kept with the sign-in across a redirect or a factor step (JSON).
 * `passed`: the factor types the user proved in this transaction, in order (a challenge one of them
 * answers is already satisfied, as in Auth0).
 */
export type PostLoginProgress = { done: string[]; changes: PostLoginChanges; passed?: string[] };

/** A `challengeWith*` / `enrollWith*` of one Action: the pipeline waits for it after that Action. */
export type PostLoginFactorRequest = PostLoginChanges["factorRequests"][number];

export type PostLoginOutcome =
  /** `passed`: the factor types proved in this transaction's factor steps (see PostLoginProgress). */
  | { kind: "completed"; changes: PostLoginChanges; passed: string[] }
  /** `api.access.deny` or `api.session.revoke` (revokeSession): the application gets access_denied. */
  | { kind: "denied"; action: string; reason: string; revokeSession: boolean; changes: PostLoginChanges }
  /** Suspended: send the browser to `url` (the caller adds `state`) and keep `progress`. */
  | { kind: "redirect"; action: string; url: string; progress: PostLoginProgress }
  /**
   * Suspended until the user passes (or enrolls) one of the factors asked: the caller runs the
   * factor step, adds the factor to `progress.passed` and runs the pipeline again with `progress`
   * (the Action that asked is done; the later ones run then).
   */
  | { kind: "factor"; action: string; request: PostLoginFactorRequest; progress: PostLoginProgress }
  /** An Action did not load, threw, timed out, or asked for something that cannot be applied: the sign-in fails closed. */
  | { kind: "failed"; action: string; message: string; logs?: string };

export type RunPostLoginInput = {
  /** Everything the event is built from except the file's secrets. */
  facts: Omit<PostLoginFacts, "secrets">;
  /** Recorded under this id in `action_executions` (the sign-in's id). */
  deliveryId: string;
  /** A run suspended by a redirect. */
  progress?: PostLoginProgress;
  /** Resume the Action that redirected, in `onContinuePostLogin`, with the `/continue` request. */
  resume?: { action: string; params: { query: Record<string, unknown>; body: Record<string, unknown> } };
  /** @default discoverActions("post-login") */
  files?: ActionFile[];
};

export function emptyPostLoginChanges(): PostLoginChanges {
  return { idTokenClaims: {}, accessTokenClaims: {}, scopesAdded: [], scopesRemoved: [], factorRequests: [], recordedMethods: [], appMetadata: [], userMetadata: [], ignoredClaims: [] };
}

const commandsSchema = z.array(postLoginCommandSchema);

/**
 * The post-login pipeline: runs `onExecutePostLogin` of every Action in file-name order (skipping
 * those done before a redirect), or first resumes the one that redirected in `onContinuePostLogin`,
 * and folds what each asked for into one result. A deny stops at once (later Actions do not run);
 * a redirect suspends after its Action. Metadata set by one Action is visible to the next ones'
 * `event.user`; it is written once, by the caller, after the trigger completes.
 */
export async function runPostLogin(input: RunPostLoginInput): Promise<PostLoginOutcome> {
  const files = input.files ?? (await discoverActions(TRIGGER));
  const progress: PostLoginProgress = input.progress ? structuredClone(input.progress) : { done: [], changes: emptyPostLoginChanges() };
  const facts = { ...input.facts, user: withMetadata(input.facts.user, progress.changes) };

  const steps: Array<{ file: ActionFile; exportName: "onExecutePostLogin" | "onContinuePostLogin"; params?: RunPostLoginInput["resume"] }> = [];
  if (input.resume) {
    const file = files.find((f) => f.name === input.resume!.action);
    if (!file) return { kind: "failed", action: input.resume.action, message: `Action ${input.resume.action} redirected the user but no longer exists, so it cannot resume.` };
    steps.push({ file, exportName: "onContinuePostLogin", params: input.resume });
  }
  for (const file of files) if (!progress.done.includes(file.name) && file.name !== input.resume?.action) steps.push({ file, exportName: "onExecutePostLogin" });

  for (const step of steps) {
    const { file, exportName } = step;
    const request = { ...facts.request, ...(step.params ? step.params.params : { query: facts.request.query, body: facts.request.body }) };
    const result = await runActionFile({
      trigger: TRIGGER,
      file,
      exportName,
      event: (secrets) => buildPostLoginEvent({ ...facts, request, secrets, methods: [...facts.methods, ...recorded(progress.changes)] }),
      deliveryId: input.deliveryId,
      userId: facts.user.id,
      optionalExport: exportName === "onContinuePostLogin",
    });
    if (!progress.done.includes(file.name)) progress.done.push(file.name);
    if (result.skipped) continue;
    const applied = fold(progress, file.name, exportName, result);
    if (applied.stop) return applied.outcome(progress);
    facts.user = withMetadata(input.facts.user, progress.changes);
  }
  const size = Buffer.byteLength(JSON.stringify([progress.changes.idTokenClaims, progress.changes.accessTokenClaims]));
  if (size > MAX_CUSTOM_CLAIMS_BYTES) {
    return { kind: "failed", action: progress.done.at(-1) ?? "", message: `The custom claims are ${size} bytes; tokens allow at most ${MAX_CUSTOM_CLAIMS_BYTES}.` };
  }
  return { kind: "completed", changes: progress.changes, passed: progress.passed ?? [] };
}

/** `recordMethod` URLs, as methods of this sign-in for the later Actions (Auth0 lists them in `event.authentication.methods`). */
function recorded(changes: PostLoginChanges): Array<{ name: string; at: Date }> {
  return changes.recordedMethods.map((name) => ({ name, at: new Date() }));
}

type Folded = { stop: false } | { stop: true; outcome: (progress: PostLoginProgress) => PostLoginOutcome };

/** Applies one execution's commands to the running changes; says whether the pipeline stops. */
function fold(progress: PostLoginProgress, action: string, exportName: string, result: ExecutionResult): Folded {
  const { changes } = progress;
  const stop = (outcome: (progress: PostLoginProgress) => PostLoginOutcome): Folded => ({ stop: true, outcome });
  if (!result.ok) {
    const error = result.error!;
    const what = error.kind === "timeout" ? "timed out" : "failed";
    return stop(() => ({ kind: "failed", action, message: `Action ${action} (${exportName}) ${what}: ${error.message}`, logs: result.logs }));
  }
  const parsed = commandsSchema.safeParse(result.commands);
  if (!parsed.success) return stop(() => ({ kind: "failed", action, message: `Action ${action} (${exportName}) issued an api command Rekey cannot apply.` }));

  let redirect: string | undefined;
  const asked = changes.factorRequests.length;
  for (const command of parsed.data) {
    const denied = apply(changes, action, command);
    if (denied) return stop(() => ({ kind: "denied", action, ...denied, changes }));
    if (command.type === "redirect.sendUserTo") redirect = command.url;
  }
  // Auth0: "subsequent Actions will not be run until that challenge has been fulfilled by the user",
  // and a challenge a factor already proved in this transaction answers is fulfilled.
  const request = changes.factorRequests.length > asked ? changes.factorRequests.at(-1) : undefined;
  if (request && redirect) {
    return stop(() => ({
      kind: "failed",
      action,
      message: `Action ${action} (${exportName}) called both api.redirect.sendUserTo and api.authentication.${request.mode}; ask for the factor in onContinuePostLogin instead.`,
    }));
  }
  if (request && !factorRequestMet(request, progress.passed ?? [])) return stop((p) => ({ kind: "factor", action, request, progress: p }));
  if (redirect) {
    const url = redirect;
    return stop((progress) => ({ kind: "redirect", action, url, progress }));
  }
  return { stop: false };
}

/** One command; returns the deny it amounts to, if any. */
function apply(changes: PostLoginChanges, action: string, command: PostLoginCommand): { reason: string; revokeSession: boolean } | undefined {
  switch (command.type) {
    case "access.deny":
      return { reason: command.reason, revokeSession: false };
    case "session.revoke":
      return { reason: command.reason, revokeSession: true };
    case "idToken.setCustomClaim":
    case "accessToken.setCustomClaim": {
      const token = command.type === "idToken.setCustomClaim" ? "id_token" : "access_token";
      if (isProtectedClaim(command.name, token)) changes.ignoredClaims.push(`${token}:${command.name}`);
      else (token === "id_token" ? changes.idTokenClaims : changes.accessTokenClaims)[command.name] = command.value;
      return undefined;
    }
    case "accessToken.addScope":
      changes.scopesRemoved = changes.scopesRemoved.filter((s) => s !== command.scope);
      if (!changes.scopesAdded.includes(command.scope)) changes.scopesAdded.push(command.scope);
      return undefined;
    case "accessToken.removeScope":
      changes.scopesAdded = changes.scopesAdded.filter((s) => s !== command.scope);
      if (!changes.scopesRemoved.includes(command.scope)) changes.scopesRemoved.push(command.scope);
      return undefined;
    case "multifactor.enable":
      changes.multifactor = { provider: command.provider, allowRememberBrowser: command.allowRememberBrowser };
      return undefined;
    case "authentication.challengeWith":
    case "authentication.challengeWithAny":
    case "authentication.enrollWith":
    case "authentication.enrollWithAny":
      changes.factorRequests.push({ action, mode: command.type.split(".")[1] as PostLoginChanges["factorRequests"][number]["mode"], factors: command.factors });
      return undefined;
    case "authentication.recordMethod":
      if (!changes.recordedMethods.includes(command.url)) changes.recordedMethods.push(command.url);
      return undefined;
    case "user.setAppMetadata":
      changes.appMetadata.push(metadataWrite(command));
      return undefined;
    case "user.setUserMetadata":
      changes.userMetadata.push(metadataWrite(command));
      return undefined;
    case "refreshToken.revoke":
      changes.refreshTokenRevoked = command.reason;
      return undefined;
    case "redirect.sendUserTo":
    case "cache.set":
    case "cache.delete":
      return undefined;
  }
}

/** Whether a factor already proved in this transaction answers the request. */
export function factorRequestMet(request: Pick<PostLoginFactorRequest, "factors">, passed: readonly string[]): boolean {
  return request.factors.some((f) => passed.includes(f.type));
}

function metadataWrite(command: { name: string; value?: unknown }): MetadataWrite {
  return "value" in command && command.value !== undefined ? { name: command.name, value: command.value } : { name: command.name };
}

/** Applies metadata writes, in order, to one metadata object (no value: the property goes). */
export function applyMetadataWrites(current: unknown, writes: readonly MetadataWrite[]): Record<string, unknown> {
  const next: Record<string, unknown> = { ...((current ?? {}) as Record<string, unknown>) };
  for (const write of writes) {
    if ("value" in write) next[write.name] = write.value;
    else delete next[write.name];
  }
  return next;
}

function withMetadata<U extends { appMetadata: unknown; userMetadata: unknown }>(user: U, changes: PostLoginChanges): U {
  if (changes.appMetadata.length === 0 && changes.userMetadata.length === 0) return user;
  return { ...user, appMetadata: applyMetadataWrites(user.appMetadata, changes.appMetadata), userMetadata: applyMetadataWrites(user.userMetadata, changes.userMetadata) };
}
