import { config } from "@/lib/config";
import { database } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { z } from "zod";
import { defineJob, enqueueJob, newPublicJobId, wakeWorkers } from "@/lib/jobs";
import { storeImportFile } from "./file-store";

/** One slice of a users import: enqueued here, run (and continued) by run-import.ts. */
export const userImportJob = defineJob({ type: "users.import.run", schema: z.object({ importId: z.string().min(1) }) });

export type NewUserImport = {
  connectionId: string;
  upsert: boolean;
  externalId?: string;
  sendCompletionEmail: boolean;
  file: AsyncIterable<Buffer>;
};

/**
 * Stores the uploaded file and queues its import. The row is `uploading` while chunks are written
 * and becomes `pending` with its job in one transaction, so the worker never sees half a file; an
 * upload that fails midway is deleted with its chunks.
 */
export async function createUserImport(input: NewUserImport): Promise<{ id: string }> {
  const opened = await database();
  const db = opened.prisma;
  const id = newPublicJobId();
  await db.userImport.create({
    data: { id, connectionId: input.connectionId, upsert: input.upsert, externalId: input.externalId, sendCompletionEmail: input.sendCompletionEmail, status: "uploading", fileBytes: 0 },
  });
  let fileBytes: number;
  try {
    fileBytes = await storeImportFile(opened, id, input.file, config().USER_IMPORT_MAX_BYTES);
  } catch (error) {
    await db.userImport.delete({ where: { id } });
    if (error instanceof RangeError) throw new AppError("PAYLOAD_TOO_LARGE", `The users file is larger than ${config().USER_IMPORT_MAX_BYTES} bytes.`);
    throw error;
  }
  await db.$transaction(async (tx) => {
    await tx.userImport.update({ where: { id }, data: { status: "pending", fileBytes } });
    await enqueueJob(tx, userImportJob.job({ importId: id }));
  });
  wakeWorkers();
  return { id };
}
