import type { Metadata } from "next";
import { Alert } from "@/app/components";
import { importPageData } from "@/lib/admin";
import { requireAdmin } from "@/lib/auth";
import { AdminShell } from "../admin-shell";
import { DataTable } from "../data-table";
import { formatTime } from "../format";

export const metadata: Metadata = { title: "Import and export users" };
export const dynamic = "force-dynamic";

type Search = { job?: string; export?: string; error?: string; message?: string };

const REFUSALS: Record<string, string> = {
  PAYLOAD_TOO_LARGE: "The file is larger than this server accepts (USER_IMPORT_MAX_BYTES).",
  UNSUPPORTED_MEDIA_TYPE: "Send the file with the form below.",
  CSRF_FAILED: "The form expired. Reload the page and try again.",
  FORBIDDEN: "Only admins can import or export users.",
  INTERNAL: "Something went wrong on the server. Try again; the tenant log has the details.",
};

const JOB_ID = /^job_[0-9a-f]{16}$/;

/**
 * Import (Auth0's users file) and export. Plain forms and links only: it works without JavaScript,
 * and while a job runs the page reloads itself every 2 seconds (a meta refresh) to show progress.
 */
export default async function ImportPage({ searchParams }: { searchParams: Promise<Search> }) {
  const admin = await requireAdmin();
  const params = await searchParams;
  const data = await importPageData(params.job && JOB_ID.test(params.job) ? params.job : undefined);
  const running = [...data.imports, ...data.exports].some((j) => j.status === "pending" || j.status === "processing");
  const selected = data.selected;
  return (
    <AdminShell current="import" admin={admin}>
      {running ? <meta httpEquiv="refresh" content="2" /> : null}
      <h1>Import and export users</h1>
      {params.error ? (
        <Alert kind="error" title="The file was not accepted">
          {REFUSALS[params.error] ?? params.message ?? params.error}
        </Alert>
      ) : null}
      <p role="status">
        {data.foreign === 0 ? "No imported password is waiting for its upgrade." : `${data.foreign} imported password${data.foreign === 1 ? " is" : "s are"} still in the old system's form; each becomes argon2id at that user's first sign-in or reset.`}
      </p>

      <section aria-labelledby="import-heading" className="panel">
        <h2 id="import-heading">Import users</h2>
        <p>
          Upload Auth0&apos;s users file (a JSON array): <code>password_hash</code> (bcrypt), <code>custom_password_hash</code> with any algorithm Auth0 documents, and{" "}
          <code>mfa_factors</code>. Users keep their passwords.
        </p>
        <form method="post" action="/admin/import/upload" encType="multipart/form-data" className="stack">
          <input type="hidden" name="connection_id" value={data.connectionId} />
          <div className="field">
            <label htmlFor="import-file">Users file</label>
            <input id="import-file" name="users" type="file" accept="application/json,.json" required />
          </div>
          <div className="checkbox">
            <input type="checkbox" id="import-upsert" name="upsert" value="true" />
            <label htmlFor="import-upsert">Update users that already exist (upsert)</label>
          </div>
          <input type="hidden" name="send_completion_email" value="false" />
          <div className="checkbox">
            <input type="checkbox" id="import-email" name="send_completion_email" value="true" defaultChecked />
            <label htmlFor="import-email">Email the admins when the import ends</label>
          </div>
          <div>
            <button type="submit" className="button">
              Import
            </button>
          </div>
        </form>
      </section>

      {selected ? (
        <section aria-labelledby="job-heading" className="panel">
          <h2 id="job-heading">Import {selected.id}</h2>
          <p>
            Status: <strong data-testid="import-status">{selected.status}</strong>
            {selected.summary ? ` · ${selected.summary.inserted} inserted, ${selected.summary.updated} updated, ${selected.summary.failed} refused` : ""}
          </p>
          <label htmlFor="import-progress">Progress</label>{" "}
          <progress id="import-progress" max={100} value={selected.status === "completed" || selected.status === "failed" ? 100 : (selected.percentage_done ?? 0)} />
          {selected.status_details ? <Alert kind="error">{selected.status_details}</Alert> : null}
          {data.errors.length > 0 ? (
            <DataTable label="Refused users" caption="Refused users, in file order" columns={["Line", "User", "Field", "Why"]}>
              {data.errors.flatMap((e) =>
                (e.errors as Array<{ code: string; message: string; path: string }>).map((issue, i) => (
                  <tr key={`${e.index}-${i}`}>
                    <td>{e.line}</td>
                    <td>{String((e.user as { email?: unknown }).email ?? `#${e.index}`)}</td>
                    <td>
                      <code>{issue.path || "(user)"}</code>
                    </td>
                    <td>
                      {issue.code}: {issue.message}
                    </td>
                  </tr>
                )),
              )}
            </DataTable>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="imports-heading" className="panel">
        <h2 id="imports-heading">Recent imports</h2>
        {data.imports.length === 0 ? (
          <p>No imports yet.</p>
        ) : (
          <DataTable label="Recent imports" columns={["Job", "Started", "Status", "Inserted", "Updated", "Refused"]}>
            {data.imports.map((job) => (
              <tr key={job.id}>
                <td>
                  <a href={`/admin/import?job=${job.id}`}>{job.id}</a>
                </td>
                <td>{formatTime(new Date(job.created_at))}</td>
                <td>{job.status === "processing" && job.percentage_done !== undefined ? `processing (${job.percentage_done}%)` : job.status}</td>
                <td>{job.summary?.inserted ?? 0}</td>
                <td>{job.summary?.updated ?? 0}</td>
                <td>{job.summary?.failed ?? 0}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section aria-labelledby="export-heading" className="panel">
        <h2 id="export-heading">Export users</h2>
        <p>Every user of the connection with Auth0&apos;s default fields, gzip-compressed, as Auth0&apos;s export job writes it. No password hashes are exported.</p>
        <form method="post" action="/admin/import/export" className="inline-form">
          <label htmlFor="export-format">Format</label>
          <select id="export-format" name="format" className="input" defaultValue="json">
            <option value="json">JSON (one user per line)</option>
            <option value="csv">CSV</option>
          </select>
          <button type="submit" className="button button--secondary">
            Export users
          </button>
        </form>
        {data.exports.length > 0 ? (
          <DataTable label="Recent exports" columns={["Job", "Started", "Format", "Status", "Users", "File"]}>
            {data.exports.map((job) => (
              <tr key={job.id}>
                <td>{job.id}</td>
                <td>{formatTime(job.createdAt)}</td>
                <td>{job.format}</td>
                <td>{job.status}</td>
                <td>{job.rows}</td>
                <td>{job.location ? <a href={job.location} download>Download {job.id}.{job.format}.gz</a> : "—"}</td>
              </tr>
            ))}
          </DataTable>
        ) : null}
      </section>
    </AdminShell>
  );
}
