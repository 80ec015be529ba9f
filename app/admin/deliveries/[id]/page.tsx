import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DELIVERY_TYPES, deliveryStatus, getDelivery, runsActions } from "@/lib/admin";
import { requireAdmin } from "@/lib/auth";
import { AdminShell } from "../../admin-shell";
import { formatJson, formatTime } from "../../format";
import { RowAction } from "../../row-action";
import { retryDeliveryAction } from "../delivery-actions";
import { DataTable } from "../../data-table";

export const metadata: Metadata = { title: "Delivery" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export default async function AdminDeliveryPage({ params }: Props) {
  const admin = await requireAdmin();
  const { id } = await params;
  const job = await getDelivery(id);
  if (!job) notFound();
  const status = deliveryStatus(job);
  const kind = DELIVERY_TYPES[job.type as keyof typeof DELIVERY_TYPES] ?? job.type;
  return (
    <AdminShell current="deliveries" admin={admin}>
      <p>
        <Link href="/admin/deliveries">← All deliveries</Link>
      </p>
      <h1>{kind} delivery</h1>
      <section aria-labelledby="summary-heading" className="panel">
        <h2 id="summary-heading">Summary</h2>
        <dl className="details">
          <div>
            <dt>Delivery ID</dt>
            <dd>
              <code>{job.id}</code>
            </dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>{status}</dd>
          </div>
          <div>
            <dt>Attempts</dt>
            <dd>
              {job.attempts} of {job.maxAttempts}
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatTime(job.createdAt)}</dd>
          </div>
          <div>
            <dt>{status === "succeeded" ? "Completed" : "Next attempt"}</dt>
            <dd>{formatTime(status === "succeeded" ? job.completedAt : job.runAt)}</dd>
          </div>
          {job.lastError ? (
            <div>
              <dt>Last error</dt>
              <dd>{job.lastError}</dd>
            </div>
          ) : null}
        </dl>
        {status === "dead" ? <RowAction action={retryDeliveryAction} fields={{ jobId: job.id }} label="Retry" target="this delivery" /> : null}
        <h3>Payload</h3>
        <pre>{formatJson(job.payload)}</pre>
      </section>

      <section aria-labelledby="attempts-heading" className="panel">
        <h2 id="attempts-heading">Attempts</h2>
        {job.attemptLog.length === 0 ? (
          <p>Not attempted yet.</p>
        ) : (
          <DataTable label="Table of attempts" caption="Attempts, oldest first" columns={["Attempt", "Started", "Ended", "Outcome", "Error"]}>
            {job.attemptLog.map((attempt) => (
              <tr key={attempt.id}>
                <td>{attempt.attempt}</td>
                <td>{formatTime(attempt.startedAt)}</td>
                <td>{formatTime(attempt.endedAt)}</td>
                <td>
                  <span className="badge">{attempt.outcome}</span>
                </td>
                <td>{attempt.error ?? ""}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      {runsActions(job.type) ? (
        <section aria-labelledby="executions-heading" className="panel">
          <h2 id="executions-heading">Actions and Hooks</h2>
          {job.executions.length === 0 ? (
            <p>No executions yet.</p>
          ) : (
            <ol className="stack">
              {job.executions.map((execution) => (
                <li key={execution.id}>
                  <strong>{execution.actionName}</strong> <span className="badge">{execution.kind}</span> <span className="badge">{execution.status}</span>{" "}
                  <span className="muted">
                    attempt {execution.attempt}, {formatTime(execution.startedAt)}
                    {execution.durationMs !== null ? `, ${execution.durationMs} ms` : ""}
                  </span>
                  {execution.error ? <pre aria-label={`Error of ${execution.actionName}, attempt ${execution.attempt}`}>{execution.error}</pre> : null}
                  {execution.logs ? <pre aria-label={`Console output of ${execution.actionName}, attempt ${execution.attempt}`}>{execution.logs}</pre> : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
    </AdminShell>
  );
}
