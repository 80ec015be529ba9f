import { prisma, type Prisma, type PrismaClient } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs";
import { isUniqueViolation, writeImportedUsers, type ImportWriteOutcome } from "@/lib/users";
import { userImportJob } from "./create-import";
import { readImportFile } from "./file-store";
import { finishUserImport } from "./finish-import";
import { ImportFileError, splitJsonArray, type ArrayElement } from "./split-array";
import { parseImportUser, redactImportUser, type ImportIssue } from "./user-schema";

/** Larger than any real user record; a bigger element is a broken file, not a user. */
const MAX_USER_BYTES = 1024 * 1024;

/**
 * @default 60_000 ms. One job run imports for this long, then queues its continuation and ends:
 * a 500 MB file never meets the worker's per-attempt timeout, and other job types get slots.
 */
export const IMPORT_SLICE_MS = 60_000;

/**
 * @default 200. Users written in one transaction with their checkpoint, in a few queries: one
 * commit (one fsync) and one INSERT per batch instead of per user.
 */
export const IMPORT_BATCH_USERS = 200;

/**
 * @default 512 KiB. A batch also closes at this much user text (a single larger user is a batch
 * alone). Besides the batch itself, Prisma's debug module keeps the arguments of its last 100
 * queries reachable even with debugging off, so the batch's INSERT stays in memory for about
 * twenty batches: this bound keeps that near 20 MB for a file of 40 KB users.
 */
const BATCH_MAX_BYTES = 512 * 1024;

/** Thrown inside a batch's transaction when another runner moved the checkpoint: roll back, stop. */
class CheckpointMoved extends Error {}

/** Where the next batch starts: the committed checkpoint. */
type Checkpoint = { index: number; byte: number; line: number };

export type ImportSliceOptions = {
  /** @default IMPORT_SLICE_MS */
  sliceMs?: number;
  /** @default IMPORT_BATCH_USERS */
  batchUsers?: number;
  /** Called with the number of users read and not yet committed, each time it changes (tests bound it). */
  onHeld?: (held: number) => void;
};

/**
 * Runs (a slice of) one users import. Users are written in batches; each batch's transaction
 * first moves the checkpoint (index, byte offset and line of the next user), conditional on the
 * checkpoint it started from, then writes the batch's users, error rows and counters. A kill -9 at
 * any instant leaves either the whole batch and its checkpoint or neither (never half a user), and
 * a second runner on the same import waits on the first one's row lock, then finds the checkpoint
 * moved and rolls back: no user is written twice.
 */
export const runUserImportJob = userImportJob.handle(({ importId }, job) => runUserImportSlice(importId, job.signal));

/** One slice of at most `sliceMs` (tests use a short one to cross slice boundaries). */
export async function runUserImportSlice(importId: string, signal: AbortSignal, options: ImportSliceOptions = {}): Promise<void> {
  const { sliceMs = IMPORT_SLICE_MS, batchUsers = IMPORT_BATCH_USERS, onHeld } = options;
  const db = await prisma();
  const row = await db.userImport.findUnique({ where: { id: importId } });
  if (!row || row.status === "completed" || row.status === "failed" || row.status === "uploading" || row.connectionId === null) return;
  const connectionId = row.connectionId;
  if (row.status !== "processing") await db.userImport.update({ where: { id: importId }, data: { status: "processing" } });

  const deadline = Date.now() + sliceMs;
  let at: Checkpoint = { index: row.nextIndex, byte: row.nextByte, line: row.nextLine };
  let batch: ArrayElement[] = [];
  let batchBytes = 0;
  const commit = async () => {
    await importBatch(db, importId, connectionId, row.upsert, batch, at);
    const last = batch[batch.length - 1]!;
    at = { index: last.index + 1, byte: last.end.byte, line: last.end.line };
    batch = [];
    batchBytes = 0;
    onHeld?.(0);
  };
  try {
    for await (const element of splitJsonArray(readImportFile(db, importId, at.byte), at, MAX_USER_BYTES)) {
      if (signal.aborted) throw new Error("users import interrupted; it resumes from its checkpoint");
      batch.push(element);
      batchBytes += element.text.length;
      onHeld?.(batch.length);
      if (batch.length < batchUsers && batchBytes < BATCH_MAX_BYTES) continue;
      await commit();
      if (Date.now() >= deadline) {
        await db.$transaction((tx) => enqueueJob(tx, userImportJob.job({ importId })));
        return;
      }
    }
    if (batch.length) await commit();
  } catch (error) {
    if (error instanceof CheckpointMoved) return;
    if (!(error instanceof ImportFileError)) throw error;
    // The users before the broken part stay imported, as on Auth0; the job names where it broke.
    if (batch.length) await commit();
    await finishUserImport(db, importId, { status: "failed", error: error.message });
    return;
  }
  await finishUserImport(db, importId, { status: "completed" });
}

/** An element read and validated: the user to write, or the issues that refuse it. */
type Prepared = { element: ArrayElement; value: unknown } & ({ ok: true; user: Extract<ReturnType<typeof parseImportUser>, { ok: true }>["user"] } | { ok: false; issues: ImportIssue[] });

function prepare(element: ArrayElement): Prepared {
  let value: unknown;
  try {
    value = JSON.parse(element.text);
  } catch (error) {
    return { element, value: undefined, ok: false, issues: [{ code: "INVALID_JSON", message: `The user is not valid JSON: ${(error as Error).message}`, path: "" }] };
  }
  const parsed = parseImportUser(value);
  return parsed.ok ? { element, value, ok: true, user: parsed.user } : { element, value, ok: false, issues: parsed.errors };
}

/**
 * Writes one batch in one transaction. The checkpoint moves first: its conditional UPDATE takes
 * the import row's lock, so a concurrent runner of the same batch waits here rather than racing
 * on the users' unique keys. A unique violation (a sign-up took an email between our check and our
 * insert) aborts the whole transaction; the batch is then written again one user per transaction,
 * where that user alone is refused.
 */
async function importBatch(db: PrismaClient, importId: string, connectionId: string, upsert: boolean, elements: ArrayElement[], from: Checkpoint): Promise<void> {
  const prepared = elements.map(prepare);
  try {
    await writeUsers(db, importId, connectionId, upsert, prepared, from, () => {
      throw new UniqueViolationInBatch();
    });
  } catch (error) {
    if (!(error instanceof UniqueViolationInBatch) && !isUniqueViolation(error)) throw error;
    let at = from;
    for (const one of prepared) {
      await writeUsers(db, importId, connectionId, upsert, [one], at, () => [{ code: "DUPLICATED_USER", message: "The user already exists.", path: "email" }]);
      at = { index: one.element.index + 1, byte: one.element.end.byte, line: one.element.end.line };
    }
  }
}

class UniqueViolationInBatch extends Error {}

/**
 * One transaction: checkpoint, users, error rows, counters. `onUniqueViolation` decides what a
 * user's unique violation means: abort the batch, or (for a batch of one) refuse that user, which
 * needs a fresh transaction on PostgreSQL since the failed statement aborted this one.
 */
async function writeUsers(
  db: PrismaClient,
  importId: string,
  connectionId: string,
  upsert: boolean,
  batch: Prepared[],
  from: Checkpoint,
  onUniqueViolation: () => ImportIssue[],
): Promise<void> {
  const last = batch[batch.length - 1]!.element;
  const write = (refuseAll?: ImportIssue[]) =>
    db.$transaction(
      async (tx) => {
        const moved = await tx.userImport.updateMany({
          where: { id: importId, nextIndex: from.index },
          data: { nextIndex: last.index + 1, nextByte: last.end.byte, nextLine: last.end.line },
        });
        if (moved.count !== 1) throw new CheckpointMoved();
        const counts = { inserted: 0, updated: 0, failed: 0 };
        const errors: Prisma.UserImportErrorCreateManyInput[] = [];
        const refuse = (one: Prepared, issues: ImportIssue[]) => {
          counts.failed++;
          errors.push({ importId, index: one.element.index, line: one.element.line, user: redactImportUser(one.value) as Prisma.InputJsonValue, errors: issues });
        };
        const valid = refuseAll ? [] : batch.filter((one): one is Extract<Prepared, { ok: true }> => one.ok);
        const outcomes = await writeImportedUsers(tx, connectionId, valid.map((one) => one.user), upsert);
        const outcomeOf = new Map<Prepared, ImportWriteOutcome>(valid.map((one, i) => [one, outcomes[i]!]));
        for (const one of batch) {
          const outcome = outcomeOf.get(one);
          if (refuseAll) refuse(one, refuseAll);
          else if (!one.ok) refuse(one, one.issues);
          else if (outcome!.result === "refused") refuse(one, [{ code: outcome!.code, message: outcome!.message, path: outcome!.path }]);
          else counts[outcome!.result]++;
        }
        if (errors.length) await tx.userImportError.createMany({ data: errors });
        await tx.userImport.update({ where: { id: importId }, data: { inserted: { increment: counts.inserted }, updated: { increment: counts.updated }, failed: { increment: counts.failed } } });
      },
      { timeout: 60_000 },
    );
  try {
    await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await write(onUniqueViolation());
  }
}
