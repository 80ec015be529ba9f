import { z } from "zod";
import { createUserExport, recentUserExports } from "@/lib/export";
import type { RequestContext } from "@/lib/http";
import { foreignHashCount, recentUserImports, userImportErrors, userImportJobView } from "@/lib/import";
import { importUsersFromApi } from "@/lib/management";
import { defaultConnectionId } from "@/lib/users";
import { logAdminChange } from "./log";

/**
 * The console's import form: the same multipart fields as POST /api/v2/jobs/users-imports, read
 * and validated by the same function, so a file the console takes is one the API takes.
 */
export async function adminStartImport(request: Request, admin: { id: string }, ctx: RequestContext): Promise<string> {
  const job = await importUsersFromApi(request);
  await logAdminChange("Create import users job", admin, ctx, { connectionId: job.connection_id, details: { job_id: job.id } });
  return job.id;
}

export const adminExportSchema = z.object({ format: z.enum(["json", "csv"], { error: "Choose JSON or CSV." }) });

/** The console's export button: every user of the connection, Auth0's default fields. */
export async function adminStartExport(input: z.infer<typeof adminExportSchema>, admin: { id: string }, ctx: RequestContext): Promise<string> {
  const connectionId = await defaultConnectionId();
  const { id } = await createUserExport({ connection_id: connectionId, format: input.format });
  await logAdminChange("Create export users job", admin, ctx, { connectionId, details: { job_id: id, format: input.format } });
  return id;
}

/** Everything the import page shows: recent jobs, the chosen import's errors, foreign hashes left. */
export async function importPageData(selectedId?: string) {
  const [imports, exports, foreign, connectionId] = await Promise.all([recentUserImports(), recentUserExports(), foreignHashCount(), defaultConnectionId()]);
  const selected = selectedId ? await userImportJobView(selectedId) : null;
  const errors = selected ? ((await userImportErrors(selected.id, 200)) ?? []) : [];
  return { imports, exports, foreign, connectionId, selected, errors };
}
