import { z } from "zod";
import { prisma, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineJob, enqueueJob, newPublicJobId, wakeWorkers } from "@/lib/jobs";
import { csvFieldProblem, DEFAULT_EXPORT_FIELDS, exportFieldSchema, MAX_EXPORT_FIELDS } from "./fields";

/** One users export; createUserExport is its only producer, runUserExportJob its consumer. */
export const userExportJob = defineJob({ type: "users.export.run", schema: z.object({ exportId: z.string().min(1) }) });

/** Auth0's POST /api/v2/jobs/users-exports body. */
export const newUserExportSchema = z
  .object({
    connection_id: z.string().regex(/^con_[A-Za-z0-9]{1,64}$/, "connection_id must look like con_…").optional(),
    format: z.enum(["json", "csv"]).default("json"),
    limit: z.number().int().min(1).max(10_000_000).optional(),
    fields: z.array(exportFieldSchema).min(1).max(MAX_EXPORT_FIELDS).optional(),
  })
  .strict();
export type NewUserExport = z.infer<typeof newUserExportSchema>;

/**
 * Queues a users export: the row and its job in one transaction. The connection must exist (Auth0
 * answers 400 inexistent_connection); a CSV cannot hold a whole metadata object.
 */
export async function createUserExport(input: NewUserExport): Promise<{ id: string }> {
  const fields = input.fields ?? DEFAULT_EXPORT_FIELDS;
  if (input.format === "csv") {
    const problem = csvFieldProblem(fields);
    if (problem) throw new AppError("INVALID_INPUT", problem, { data: { errorCode: "invalid_body" } });
  }
  const db = await prisma();
  if (input.connection_id) {
    const connection = await db.connection.findUnique({ where: { id: input.connection_id }, select: { id: true } });
    if (!connection) throw new AppError("INVALID_INPUT", "The connection does not exist.", { data: { errorCode: "inexistent_connection" } });
  }
  const id = newPublicJobId();
  await db.$transaction(async (tx) => {
    await tx.userExport.create({
      data: { id, connectionId: input.connection_id ?? null, format: input.format, limit: input.limit ?? null, fields: fields as Prisma.InputJsonValue },
    });
    await enqueueJob(tx, userExportJob.job({ exportId: id }));
  });
  wakeWorkers();
  return { id };
}
