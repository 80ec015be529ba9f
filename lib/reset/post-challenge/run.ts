import { z } from "zod";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isFactorEnabled, listEnrolledFactors, type EnrolledFactor } from "@/lib/factors";
import type { RequestContext } from "@/lib/http";
import { logContext, type LogInput, writeLog } from "@/lib/logs";
import {
  discoverActions,
  isCacheCommand,
  loadCacheSnapshot,
  postChallengeCommandSchema,
  type ActionFile,
  type CacheSnapshot,
  type ExecutionResult,
  type PostChallengeCommand,
} from "@/lib/actions";
import { connectionName } from "@/lib/users";
import type { FlowState, ResetFlow } from "../flow";
import { nextStepOf } from "../next-step";
import { FACTOR_TYPES, type FactorChallenge, type FactorType, type PostChallengeProgress } from "../progress";
import { transitionFlow, type NextData } from "../transition";
import { executePostChallengeAction, TRIGGER, type EventFacts, type PostChallengeExport } from "./execute";
import { newRedirectState } from "./redirect-state";

/** The `action` of the challenge Rekey asks for itself when no Action exists (RESET_REQUIRE_MFA). */
export const SECURE_DEFAULT_ACTION = "rekey";

/** `event.client.client_id` of a reset that no application started (no ticket client). */
const DEFAULT_CLIENT_ID = "rekey";

/** The `/continue` request's parameters, given to the resumed Action as event.request.query/body. */
export type ContinueParams = { query: Record<string, unknown>; body: Record<string, unknown> };

export type RunOptions = {
  /** Resume the Action that redirected, in `onContinuePostChallenge`, before the ones after it. */
  resume?: { action: string; params: ContinueParams };
};

type ChallengeCommand = Extract<PostChallengeCommand, { type: "authentication.challengeWith" | "authentication.challengeWithAny" }>;

/** One pass over the pipeline: the flow, what is known about it, and where it stands. */
type Run = {
  flow: FlowState<"link_verified">;
  userId: string;
  ctx: RequestContext;
  progress: PostChallengeProgress;
  /** Read once per pass, when first needed. */
  enrolled: Promise<EnrolledFactor[] | undefined> | undefined;
  facts?: Omit<EventFacts, "request">;
  /** The trigger's api.cache entries, read once and again only after an Action wrote to it. */
  cache?: Promise<CacheSnapshot>;
};

/** What one Action's outcome means for the pipeline: go on, or stop and send the browser `to`. */
type Step = { stop: false } | { stop: true; to: string };
const GO_ON: Step = { stop: false };
const stopAt = (to: string): Step => ({ stop: true, to });

const commandsSchema = z.array(postChallengeCommandSchema);

/**
 * The post-challenge pipeline of a flow in `link_verified`: runs the Actions in file-name order,
 * skipping those already done in this flow, and applies what each asked for (spec §1.1): a deny
 * ends the reset; a factor challenge or a redirect suspends it (`awaiting_factor`,
 * `awaiting_redirect`), to be resumed by passFactor or /continue, which call this again. Returns
 * the path (or, for a redirect, the absolute URL) the browser goes to next.
 *
 * Fails closed: a file that does not load, a throw, a timeout or an unreadable command stops the
 * reset (`denied`), and the password stays as it was.
 */
export async function runPostChallenge(flow: ResetFlow, ctx: RequestContext, options: RunOptions = {}): Promise<string> {
  if (flow.state !== "link_verified") throw new AppError("RESET_FLOW_STATE");
  const run: Run = { flow, userId: flow.userId, ctx, progress: { ...flow.progress }, enrolled: undefined };
  const files = await discoverActions(TRIGGER);

  const broken = files.find((f) => f.loadError);
  if (broken) return failClosed(run, broken.name, `Action ${broken.name} cannot run: ${broken.loadError}`);

  if (files.length === 0 && !options.resume) {
    const step = await secureDefault(run);
    if (step.stop) return step.to;
    return finish(run);
  }

  await loadFacts(run);
  if (options.resume) {
    const file = files.find((f) => f.name === options.resume!.action);
    if (!file) return failClosed(run, options.resume.action, `Action ${options.resume.action} redirected the user but no longer exists, so it cannot resume.`);
    const step = await runOne(run, file, "onContinuePostChallenge", options.resume.params);
    if (step.stop) return step.to;
  }
  for (const file of files) {
    if (run.progress.done.includes(file.name)) continue;
    const step = await runOne(run, file, "onExecutePostChallenge", { query: {}, body: {} });
    if (step.stop) return step.to;
  }
  return finish(run);
}

/**
 * One query after another on purpose: on the embedded database they run one at a time anyway, and
 * issuing them together was measured slower there (bench/post-challenge.ts).
 */
async function loadFacts(run: Run): Promise<void> {
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: run.userId } });
  const name = user ? await connectionName(run.flow.connectionId) : undefined;
  if (!user || name === undefined) throw new AppError("RESET_NOT_FOUND", undefined, { detail: `user ${run.userId} of reset flow ${run.flow.id} is gone` });
  const connection = { id: run.flow.connectionId, name };
  const enrolled = await enrolledFactors(run, user);
  run.facts = {
    user,
    connection,
    enrolledFactors: enrolled,
    verifiedAt: run.flow.ticketConsumedAt ?? run.flow.updatedAt,
    passed: run.progress.passed,
    client: await clientOf(run.flow),
    flowId: run.flow.id,
  };
}

/** undefined when they cannot be read: Auth0's "may or may not have enrolled factors". */
function enrolledFactors(run: Run, user?: { email: string | null; emailVerified: boolean }): Promise<EnrolledFactor[] | undefined> {
  run.enrolled ??= listEnrolledFactors(run.userId, user).catch((error: unknown) => {
    console.error(`[rekey] reading the factors of user ${run.userId} failed:`, error);
    return undefined;
  });
  return run.enrolled;
}

/** The application the reset is for: a ticket's client, or Rekey itself. */
async function clientOf(flow: ResetFlow): Promise<{ id: string; name: string }> {
  if (!flow.clientId) return { id: DEFAULT_CLIENT_ID, name: config().PRODUCT_NAME };
  const db = await prisma();
  const client = await db.application.findUnique({ where: { id: flow.clientId }, select: { name: true } });
  return { id: flow.clientId, name: client?.name ?? flow.clientId };
}

async function runOne(run: Run, file: ActionFile, exportName: PostChallengeExport, params: ContinueParams): Promise<Step> {
  const request = { ip: run.ctx.ip, hostname: run.ctx.hostname, userAgent: run.ctx.userAgent, language: run.ctx.language, method: run.ctx.method, ...params };
  const cache = await (run.cache ??= loadCacheSnapshot(TRIGGER));
  const result = await executePostChallengeAction(file, exportName, { ...run.facts!, passed: run.progress.passed, request }, cache);
  if (result.commands.some(isCacheCommand)) run.cache = undefined;
  if (result.skipped) {
    markDone(run, file.name);
    return GO_ON;
  }
  return applyResult(run, file, exportName, result);
}

/**
 * Auth0's precedence (spec §1.1, §6.2): a deny overrides everything; a redirect suspends after the
 * Action; a challenge holds back the later Actions. An Action that both redirects and challenges
 * in one execution is refused: which should come first is undocumented, and guessing could skip
 * the factor the author meant to require.
 */
async function applyResult(run: Run, file: ActionFile, exportName: PostChallengeExport, result: ExecutionResult): Promise<Step> {
  if (!result.ok) {
    const error = result.error!;
    const what = error.kind === "timeout" ? "timed out" : "failed";
    return stopAt(await failClosed(run, file.name, `Action ${file.name} (${exportName}) ${what}: ${error.message}`, { error: `${error.kind}: ${error.message}`, logs: result.logs }));
  }
  const parsed = commandsSchema.safeParse(result.commands);
  if (!parsed.success) {
    return stopAt(await failClosed(run, file.name, `Action ${file.name} (${exportName}) issued an api command Rekey cannot apply.`, { commands: result.commands }));
  }
  const commands = parsed.data;
  const deny = commands.findLast((c) => c.type === "access.deny");
  if (deny) return stopAt(await denyFlow(run, file.name, deny.reason));

  const resultUrl = commands.findLast((c) => c.type === "transaction.setResultUrl");
  if (resultUrl) run.progress.resultUrl = resultUrl.url;
  const redirect = commands.findLast((c) => c.type === "redirect.sendUserTo");
  const challenge = commands.findLast((c): c is ChallengeCommand => c.type === "authentication.challengeWith" || c.type === "authentication.challengeWithAny");
  if (redirect && challenge) {
    return stopAt(
      await failClosed(
        run,
        file.name,
        `Action ${file.name} (${exportName}) called both api.redirect.sendUserTo and api.authentication.${challenge.type.split(".")[1]}; ` +
          "ask for the factor in onContinuePostChallenge instead.",
      ),
    );
  }
  if (redirect) return stopAt(await suspendForRedirect(run, file.name, redirect.url));
  markDone(run, file.name);
  return challenge ? challengeFlow(run, file.name, challenge) : GO_ON;
}

function markDone(run: Run, name: string) {
  if (!run.progress.done.includes(name)) run.progress.done = [...run.progress.done, name];
}

/**
 * Moves the flow on with the pass's progress, in one conditional update (see transitionFlow), and
 * returns where its browser goes now. Each pass ends with exactly one move.
 */
async function save(run: Run, next: DistributiveOmit<NextData, "progress">): Promise<string> {
  const db = await prisma();
  return nextStepOf(await transitionFlow(db, run.flow, { ...next, progress: run.progress } as NextData)).path;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

async function finish(run: Run): Promise<string> {
  return save(run, { state: "password_allowed" });
}

/**
 * Auth0's factor rules (spec §1.3): factors the tenant cannot challenge or the user has not
 * enrolled are ignored, and if none is left the reset fails; factors already passed in this reset
 * are ignored too, so a challenge they alone would answer is already satisfied.
 */
async function challengeFlow(run: Run, action: string, command: ChallengeCommand): Promise<Step> {
  const requested = [...new Set(command.factors.map((f) => f.type))];
  const enrolled = new Set((await enrolledFactors(run))?.map((f) => f.type) ?? []);
  const usable = requested.filter((type) => isFactorEnabled(type) && enrolled.has(type));
  if (usable.length === 0) {
    const to = await save(run, { state: "denied", denial: "RESET_NO_FACTOR", reason: null });
    await log(run, {
      type: "fcp",
      description: `No usable factor for Action ${action}: it asked for ${requested.join(", ")}; the user has ${[...enrolled].join(", ") || "none"}.`,
      details: { trigger: TRIGGER, action, requested, enrolled: [...enrolled] },
    });
    return stopAt(to);
  }
  const passed = new Set(run.progress.passed.map((p) => p.type));
  const open = usable.filter((type) => !passed.has(type)) as FactorType[];
  if (open.length === 0) return GO_ON;
  const challenge: FactorChallenge = { mode: command.type === "authentication.challengeWith" ? "challengeWith" : "challengeWithAny", factors: open, action };
  return stopAt(await save(run, { state: "awaiting_factor", challenge }));
}

/**
 * Without any post-challenge Action, an emailed link alone would reset the password of an account
 * that has a stronger factor, making the mailbox the weakest link. So Rekey asks for one of the
 * user's other factors itself, once per reset. Never email: the link has just proved the mailbox,
 * and an emailed code would prove it again, nothing more (a verified address makes email usable
 * when an Action asks for it, as in Auth0, but it is not a second factor here).
 */
async function secureDefault(run: Run): Promise<Step> {
  // A factor other than email already passed in this reset (an Action asked for one) satisfies it too.
  if (!config().RESET_REQUIRE_MFA || run.progress.done.includes(SECURE_DEFAULT_ACTION) || run.progress.passed.some((p) => p.type !== "email")) return GO_ON;
  const factors = ((await enrolledFactors(run)) ?? [])
    .map((f) => f.type)
    .filter((type): type is FactorType => type !== "email" && (FACTOR_TYPES as readonly string[]).includes(type) && isFactorEnabled(type));
  if (factors.length === 0) return GO_ON;
  markDone(run, SECURE_DEFAULT_ACTION);
  return challengeFlow(run, SECURE_DEFAULT_ACTION, { type: "authentication.challengeWithAny", factors: factors.map((type) => ({ type })) });
}

/**
 * Suspends the flow for an Action's redirect. The `state` added to the URL is a fresh 32-byte
 * secret of which only the hash is kept: single use, bound to this flow (and, through the flow's
 * cookie, to this browser), and short-lived, so it cannot be replayed or carried to another reset.
 */
async function suspendForRedirect(run: Run, action: string, url: string): Promise<string> {
  const { pending, href } = newRedirectState(run.flow, url);
  await save(run, { state: "awaiting_redirect", redirect: { action, ...pending } });
  return href;
}

async function denyFlow(run: Run, action: string, reason: string): Promise<string> {
  const to = await save(run, { state: "denied", denial: "RESET_DENIED", reason: reason.trim() || null });
  await log(run, { type: "fcp", description: `Denied by Action ${action}${reason ? `: ${reason}` : ""}`, details: { trigger: TRIGGER, action, reason } });
  return to;
}

async function failClosed(run: Run, action: string, description: string, details: Record<string, unknown> = {}): Promise<string> {
  const to = await save(run, { state: "denied", denial: "RESET_FAILED", reason: null });
  await log(run, { type: "actions_execution_failed", description, details: { trigger: TRIGGER, action, flowId: run.flow.id, ...details } });
  return to;
}

async function log(run: Run, entry: Pick<LogInput, "type" | "description" | "details">): Promise<void> {
  await writeLog({
    ...entry,
    description: entry.description?.slice(0, 1000),
    ...logContext(run.ctx, { userId: run.userId, userName: run.flow.identifier, connectionId: run.flow.connectionId }),
  });
}
