import { config } from "@/lib/config";
import { database } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { z } from "zod";
import { defineJob, enqueueJob, newPublicJobId, wakeWorkers } from "@/lib/jobs";
import { storeImportFile } from "./file-store";

/** One slice of a users import: enqueued here, run (and continued) by run-import.ts. */
export const userImportJob = defineJob({ type: "users.import.run", schema: z.object({ importId: z.string().min(1) }) });

/**
 * @default 24 hours. An import still `uploading` this long after it began lost its upload (the
 * process ended mid-file): the next upload deletes it and its chunks.
 */
export const ABANDONED_UPLOAD_MS = 24 * 60 * 60 * 1000;

export type UserImportSettings = {
  connectionId: string;
  upsert: boolean;
  externalId?: string;
  sendCompletionEmail: boolean;
};

export type NewUserImport = UserImportSettings & { file: AsyncIterable<Buffer> };

/** Stores the file and queues its import, its settings known beforehand. */
export function createUserImport({ file, ...settings }: NewUserImport): Promise<{ id: string }> {
  return receiveUserImport(file, async () => settings);
}

/**
 * Stores the file as it arrives and queues its import with the settings `settingsOnceStored`
 * gives once the whole file is stored: a multipart form may carry them after the file (Auth0's
 * SDK sends the file first), and holding the file anywhere until then (memory, a temporary file)
 * would cost as much as the file. The row is `uploading`, without a connection, while chunks are
 * written, and becomes `pending` with its settings and its job in one transaction, so the worker
 * never sees half a file; an upload that fails midway, or whose settings are refused, is deleted
 * with its chunks.
 */
export async function receiveUserImport(file: AsyncIterable<Buffer>, settingsOnceStored: () => Promise<UserImportSettings>): Promise<{ id: string }> {
  const opened = await database();
  const db = opened.prisma;
  const id = newPublicJobId();
  await db.userImport.deleteMany({ where: { status: "uploading", createdAt: { lt: new Date(Date.now() - ABANDONED_UPLOAD_MS) } } });
  await db.userImport.create({ data: { id, connectionId: null, status: "uploading", fileBytes: 0 } });
  let fileBytes: number;
  let settings: UserImportSettings;
  try {
    fileBytes = await storeImportFile(opened, id, file, config().USER_IMPORT_MAX_BYTES);
    settings = await settingsOnceStored();
  } catch (error) {
    await db.userImport.delete({ where: { id } });
    if (error instanceof RangeError) throw new AppError("PAYLOAD_TOO_LARGE", `The users file is larger than ${config().USER_IMPORT_MAX_BYTES} bytes.`);
    throw error;
  }
  await db.$transaction(async (tx) => {
    await tx.userImport.update({ where: { id }, data: { ...settings, status: "pending", fileBytes } });
    await enqueueJob(tx, userImportJob.job({ importId: id }));
  });
  wakeWorkers();
  return { id };
}
