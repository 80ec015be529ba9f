import { prisma, type Prisma, type PrismaClient } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs";
import { isUniqueViolation, writeImportedUser } from "@/lib/users";
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

/** Thrown inside a user's transaction when another runner moved the checkpoint: roll back, stop. */
class CheckpointMoved extends Error {}

/**
 * Runs (a slice of) one users import. Each user is written in its own transaction together with
 * the checkpoint (index, byte offset, line of the next user) and the counters, conditional on the
 * checkpoint it started from: a kill -9 at any instant leaves either the user and its checkpoint or
 * neither, and a second runner on the same import cannot write a user twice.
 */
export const runUserImportJob = userImportJob.handle(({ importId }, job) => runUserImportSlice(importId, job.signal, IMPORT_SLICE_MS));

/** One slice of at most `sliceMs` (tests use a short one to cross slice boundaries). */
export async function runUserImportSlice(importId: string, signal: AbortSignal, sliceMs: number): Promise<void> {
  const db = await prisma();
  const row = await db.userImport.findUnique({ where: { id: importId } });
  if (!row || row.status === "completed" || row.status === "failed" || row.status === "uploading") return;
  if (row.status !== "processing") await db.userImport.update({ where: { id: importId }, data: { status: "processing" } });

  const deadline = Date.now() + sliceMs;
  let at = { index: row.nextIndex, byte: row.nextByte, line: row.nextLine };
  try {
    for await (const element of splitJsonArray(readImportFile(db, importId, at.byte), at, MAX_USER_BYTES)) {
      if (signal.aborted) throw new Error("users import interrupted; it resumes from its checkpoint");
      await importElement(db, importId, row.connectionId, row.upsert, element, at.index);
      at = { index: element.index + 1, byte: element.end.byte, line: element.end.line };
      if (Date.now() >= deadline) {
        await db.$transaction((tx) => enqueueJob(tx, userImportJob.job({ importId })));
        return;
      }
    }
  } catch (error) {
    if (error instanceof CheckpointMoved) return;
    if (!(error instanceof ImportFileError)) throw error;
    await finishUserImport(db, importId, { status: "failed", error: error.message });
    return;
  }
  await finishUserImport(db, importId, { status: "completed" });
}

async function importElement(db: PrismaClient, importId: string, connectionId: string, upsert: boolean, element: ArrayElement, expectedIndex: number): Promise<void> {
  let value: unknown;
  let parseError: string | undefined;
  try {
    value = JSON.parse(element.text);
  } catch (error) {
    parseError = (error as Error).message;
  }
  const user = parseError === undefined ? parseImportUser(value) : undefined;
  const checkpoint = (tx: Prisma.TransactionClient, counter: "inserted" | "updated" | "failed") =>
    tx.userImport.updateMany({
      where: { id: importId, nextIndex: expectedIndex },
      data: { nextIndex: element.index + 1, nextByte: element.end.byte, nextLine: element.end.line, [counter]: { increment: 1 } },
    });
  const refuse = async (tx: Prisma.TransactionClient, issues: ImportIssue[]) => {
    if ((await checkpoint(tx, "failed")).count !== 1) throw new CheckpointMoved();
    await tx.userImportError.create({
      data: { importId, index: element.index, line: element.line, user: redactImportUser(value) as Prisma.InputJsonValue, errors: issues },
    });
  };

  if (!user || !user.ok) {
    const issues = user && !user.ok ? user.errors : [{ code: "INVALID_JSON", message: `The user is not valid JSON: ${parseError}`, path: "" }];
    await db.$transaction((tx) => refuse(tx, issues));
    return;
  }
  try {
    await db.$transaction(async (tx) => {
      const outcome = await writeImportedUser(tx, connectionId, user.user, upsert);
      if (outcome.result === "refused") return refuse(tx, [{ code: outcome.code, message: outcome.message, path: outcome.path }]);
      if ((await checkpoint(tx, outcome.result)).count !== 1) throw new CheckpointMoved();
    });
  } catch (error) {
    // A concurrent sign-up took the email or username between our check and our insert.
    if (!isUniqueViolation(error)) throw error;
    await db.$transaction((tx) => refuse(tx, [{ code: "DUPLICATED_USER", message: "The user already exists.", path: "email" }]));
  }
}
