import type { Metadata } from "next";
import Link from "next/link";
import { editableSample, listActionOverview } from "@/lib/admin";
import { requireAdmin } from "@/lib/auth";
import { AdminShell } from "../admin-shell";
import { formatJson, formatTime } from "../format";
import { TestPanel } from "./test-panel";
import { DataTable } from "../data-table";

export const metadata: Metadata = { title: "Actions" };
export const dynamic = "force-dynamic";

const TRIGGER_TITLES: Record<string, string> = {
  "password-reset-post-challenge": "Password reset / Post challenge",
  "post-change-password": "Post change password",
  "post-login": "Login / Post login",
  "pre-user-registration": "Sign up / Pre user registration",
  "post-user-registration": "Sign up / Post user registration",
  "send-phone-message": "Send phone message (SMS provider)",
  "credentials-exchange": "Machine to machine / Credentials exchange",
};

export default async function AdminActionsPage() {
  const admin = await requireAdmin();
  const overview = await listActionOverview();
  return (
    <AdminShell current="actions" admin={admin}>
      <h1>Actions</h1>
      <p className="muted">Files in each trigger&apos;s folder run in this order. Changes on disk are picked up without a restart.</p>
      {overview.map(({ trigger, files, executions }) => (
        <section key={trigger} aria-labelledby={`${trigger}-heading`} className="panel">
          <h2 id={`${trigger}-heading`}>{TRIGGER_TITLES[trigger] ?? trigger}</h2>
          <p>
            <code>{trigger}</code>
          </p>
          <div className="actions-layout">
            <div>
              <h3 className="visually-hidden">Files</h3>
              {files.length === 0 ? (
                <p>No files.</p>
              ) : (
                <ol className="stack">
                  {files.map((file) => (
                    <li key={file.name}>
                      <strong>{file.name}</strong> <span className="badge">{file.kind === "hook" ? "Hook" : file.kind === "action" ? "Action" : "Cannot run"}</span>
                      {file.maxAttempts ? <span className="muted"> at most {file.maxAttempts} attempts</span> : null}
                      {file.secrets.length ? (
                        <ul className="secret-list" aria-label={`Secrets read by ${file.name}`}>
                          {file.secrets.map((secret) => (
                            <li key={secret.name}>
                              <code>{secret.name}</code>{" "}
                              {secret.set ? (
                                <span className="badge badge--success">set</span>
                              ) : (
                                <>
                                  <span className="badge badge--danger">missing</span>{" "}
                                  <span className="muted">
                                    set <code>ACTION_SECRET_{secret.name}</code> or <code>{secret.variable}</code>
                                  </span>
                                </>
                              )}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                      {file.loadError ? (
                        <pre role="note" aria-label={`Load error of ${file.name}`}>
                          {file.loadError}
                        </pre>
                      ) : null}
                    </li>
                  ))}
                </ol>
              )}
            </div>
            <div>
              <h3>Test</h3>
              <TestPanel
                trigger={trigger}
                files={files.map((f) => ({ name: f.name, kind: f.kind }))}
                samples={{ action: formatJson(editableSample(trigger, "action")), hook: formatJson(editableSample(trigger, "hook")) }}
              />
            </div>
          </div>

          <h3>Recent executions</h3>
          {executions.length === 0 ? (
            <p>None yet.</p>
          ) : (
            <DataTable label={`Recent executions of ${trigger}`} caption={`Recent executions of ${trigger}, newest first`} columns={["Started", "File", "Outcome", "Delivery", "Output"]}>
              {executions.map((execution) => (
                <tr key={execution.id}>
                  <td>{formatTime(execution.startedAt)}</td>
                  <td>{execution.actionName}</td>
                  <td>
                    <span className="badge">{execution.status}</span> {execution.durationMs !== null ? <span className="muted">{execution.durationMs} ms</span> : null}
                  </td>
                  <td>
                    {trigger === "post-change-password" || trigger === "post-user-registration" ? (
                      <Link href={`/admin/deliveries/${execution.deliveryId}`}>
                        attempt {execution.attempt}
                        <span className="visually-hidden"> of delivery {execution.deliveryId}</span>
                      </Link>
                    ) : (
                      <code>{execution.deliveryId.slice(0, 8)}</code>
                    )}
                  </td>
                  <td>
                    {execution.logs || execution.error || (Array.isArray(execution.commands) && execution.commands.length) ? (
                      <details>
                        <summary>
                          Show<span className="visually-hidden"> output of {execution.actionName} at {formatTime(execution.startedAt)}</span>
                        </summary>
                        <pre>{[execution.error ? `Error: ${execution.error}` : "", execution.logs ? `Console:\n${execution.logs}` : "", Array.isArray(execution.commands) && execution.commands.length ? `Commands:\n${formatJson(execution.commands)}` : ""].filter(Boolean).join("\n\n")}</pre>
                      </details>
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      ))}
    </AdminShell>
  );
}
