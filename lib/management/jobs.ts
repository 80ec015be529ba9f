import { z } from "zod";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { streamMultipart } from "@/lib/http";
import { createUserExport, userExportJobView, type NewUserExport } from "@/lib/export";
import { receiveUserImport, userImportErrorsJson, userImportJobView, type UserImportSettings } from "@/lib/import";
import { findConnection } from "@/lib/users";

const flag = (name: string, byDefault: boolean) =>
  z
    .enum(["true", "false"], { error: `${name} must be true or false` })
    .optional()
    .transform((v) => (v === undefined ? byDefault : v === "true"));

const importFieldsSchema = z.object({
  connection_id: z.string({ error: "connection_id is required" }).min(1, "connection_id is required").max(64),
  upsert: flag("upsert", false),
  external_id: z.string().max(255).optional(),
  send_completion_email: flag("send_completion_email", true),
});

/** The form's fields as Auth0 names them, without the file. */
function importFieldsOf(fields: Map<string, string>) {
  const parsed = importFieldsSchema.safeParse(Object.fromEntries(fields));
  if (!parsed.success) throw new AppError("INVALID_INPUT", `Payload validation error: ${parsed.error.issues[0]!.message}`, { data: { errorCode: "invalid_body" } });
  return parsed.data;
}

async function importSettingsOf(fields: Map<string, string>): Promise<UserImportSettings> {
  const form = importFieldsOf(fields);
  const connection = await findConnection(form.connection_id);
  if (!connection || connection.id !== form.connection_id) {
    throw new AppError("INVALID_INPUT", "The connection does not exist.", { data: { errorCode: "inexistent_connection" } });
  }
  return { connectionId: connection.id, upsert: form.upsert, externalId: form.external_id, sendCompletionEmail: form.send_completion_email };
}

/**
 * POST /api/v2/jobs/users-imports: Auth0's multipart form (`users` file, `connection_id`, `upsert`,
 * `external_id`, `send_completion_email`). The file is stored as it arrives and the other fields
 * are checked once it is (they may come after it); a refused form leaves nothing. Answers 201 with
 * the pending job, as Auth0 does.
 */
export async function importUsersFromApi(request: Request) {
  const upload = await streamMultipart(request, "users", config().USER_IMPORT_MAX_BYTES, (file, fields) =>
    receiveUserImport(file, async () => importSettingsOf(await fields())),
  );
  if (!upload.stored) {
    importFieldsOf(upload.fields);
    throw new AppError("INVALID_INPUT", "Payload validation error: the users file is required.", { data: { errorCode: "invalid_body" } });
  }
  return (await userImportJobView(upload.stored.id))!;
}

function jobNotFound(): AppError {
  return new AppError("NOT_FOUND", "The job does not exist.", { data: { errorCode: "inexistent_job" } });
}

/** GET /api/v2/jobs/{id}: an import or an export (a completed export carries its download `location`). */
export async function getJobFromApi(id: string) {
  const view = (await userImportJobView(id)) ?? (await userExportJobView(id));
  if (!view) throw jobNotFound();
  return view;
}

/** POST /api/v2/jobs/users-exports: answers 201 with the pending job, as Auth0 does. */
export async function exportUsersFromApi(body: NewUserExport) {
  const { id } = await createUserExport(body);
  return (await userExportJobView(id))!;
}

/** GET /api/v2/jobs/{id}/errors: streamed, however many users the file refused. */
export async function getJobErrorsFromApi(id: string): Promise<Response> {
  const body = await userImportErrorsJson(id);
  if (!body) throw jobNotFound();
  return new Response(body, { headers: { "content-type": "application/json", "cache-control": "no-store" } });
}

export const listConnectionsQuerySchema = z.object({
  strategy: z.string().max(64).optional(),
  name: z.string().max(128).optional(),
  fields: z.string().max(512).optional(),
  include_fields: z.enum(["true", "false"]).optional(),
  include_totals: z.enum(["true", "false"]).optional(),
  from: z.string().max(64).optional(),
  take: z.coerce.number().int().min(1).max(100).optional(),
});

/**
 * GET /api/v2/connections: database connections in Auth0's shape, so a script finds the
 * connection_id. With `from` or `take` it pages by checkpoint (`{ connections, next }`), as Auth0
 * does (and as the v5 SDK always asks); otherwise a plain array.
 */
export async function listConnectionsFromApi(query: z.infer<typeof listConnectionsQuerySchema>) {
  const db = await prisma();
  const strategies = query.strategy?.split(",");
  const checkpoint = query.from !== undefined || query.take !== undefined;
  const take = query.take ?? 50;
  const rows = await db.connection.findMany({
    where: { ...(query.name ? { name: query.name } : {}), ...(strategies ? { strategy: { in: strategies } } : {}), ...(query.from ? { id: { gt: query.from } } : {}) },
    orderBy: { id: "asc" },
    ...(checkpoint ? { take: take + 1 } : {}),
  });
  const page = checkpoint ? rows.slice(0, take) : rows;
  const connections = page.map(toAuth0Connection);
  if (!checkpoint) return connections;
  return { connections, ...(rows.length > take ? { next: page[page.length - 1]!.id } : {}) };
}

type ConnectionRow = Awaited<ReturnType<Awaited<ReturnType<typeof prisma>>["connection"]["findMany"]>>[number];

function toAuth0Connection(c: ConnectionRow) {
  return {
    id: c.id,
    name: c.name,
    display_name: c.name,
    strategy: c.strategy,
    realms: [c.name],
    is_domain_connection: false,
    enabled_clients: [],
    options: {
      disable_signup: !c.signupEnabled,
      requires_username: c.requiresUsername,
      passwordPolicy: c.passwordPolicy,
      password_complexity_options: { min_length: c.passwordMinLength },
      password_history: { enable: c.passwordHistorySize > 0, size: c.passwordHistorySize },
      password_dictionary: { enable: c.passwordDictionary },
      password_no_personal_info: { enable: c.passwordNoPersonalInfo },
      brute_force_protection: true,
      import_mode: c.importMode,
      enabledDatabaseCustomization: c.importMode,
    },
  };
}
