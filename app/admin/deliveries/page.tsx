import type { Metadata } from "next";
import Link from "next/link";
import { DELIVERY_STATUSES, DELIVERY_TYPES, deliveryQuerySchema, deliveryStatus, listDeliveries, type DeliveryStatus } from "@/lib/admin";
import { requireAdmin } from "@/lib/auth";
import { AdminShell } from "../admin-shell";
import { formatTime } from "../format";
import { Pagination } from "../pagination";
import { RowAction } from "../row-action";
import { retryDeliveryAction } from "./delivery-actions";
import { DataTable } from "../data-table";

export const metadata: Metadata = { title: "Deliveries" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const STATUS_LABELS: Record<string, string> = { pending: "Pending", retrying: "Retrying", running: "Running", dead: "Dead", succeeded: "Delivered" };
/** The colour says how it went; the word says it too (colour is never the only signal). */
const STATUS_BADGES: Record<DeliveryStatus, string> = { pending: "badge--info", running: "badge--info", retrying: "badge--warning", dead: "badge--danger", succeeded: "badge--success" };

export default async function AdminDeliveriesPage({ searchParams }: Props) {
  const admin = await requireAdmin();
  const raw = await searchParams;
  const query = deliveryQuerySchema.parse(Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === "string")));
  const { jobs, total, dead, page, pageSize } = await listDeliveries(query);
  const tab = (status?: string) => {
    const params = new URLSearchParams(Object.entries({ status, type: query.type }).filter((e): e is [string, string] => Boolean(e[1])));
    return `/admin/deliveries${params.size ? `?${params}` : ""}`;
  };
  return (
    <AdminShell current="deliveries" admin={admin}>
      <h1>Deliveries</h1>
      <p className="muted">Post-change-password Actions and Hooks, and outgoing email. A delivery that keeps failing goes dead; retry it here once the cause is fixed.</p>
      <nav aria-label="Delivery status" className="tabs">
        <Link href={tab()} aria-current={!query.status ? "page" : undefined}>
          All
        </Link>
        {DELIVERY_STATUSES.map((status) => (
          <Link key={status} href={tab(status)} aria-current={query.status === status ? "page" : undefined}>
            {STATUS_LABELS[status]}
            {status === "dead" && dead ? ` (${dead})` : ""}
          </Link>
        ))}
      </nav>
      <form method="get" className="inline-form" aria-label="Filter by kind">
        {query.status ? <input type="hidden" name="status" value={query.status} /> : null}
        <label htmlFor="delivery-type">Kind</label>
        <select id="delivery-type" name="type" className="input" defaultValue={query.type ?? ""}>
          <option value="">All kinds</option>
          {Object.entries(DELIVERY_TYPES).map(([type, label]) => (
            <option key={type} value={type}>
              {label}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary">
          Show
        </button>
      </form>
      <p className="muted" role="status">
        {total} deliver{total === 1 ? "y" : "ies"}
      </p>
      {jobs.length === 0 ? null : (
        <DataTable label="Deliveries" caption="Deliveries, newest first" columns={["Created", "Kind", "For", "Status", "Attempts", "Next attempt", "Last error", "Actions"]}>
          {jobs.map((job) => {
            const status = deliveryStatus(job);
            const kind = DELIVERY_TYPES[job.type as keyof typeof DELIVERY_TYPES] ?? job.type;
            return (
              <tr key={job.id}>
                <td>
                  <Link href={`/admin/deliveries/${job.id}`}>
                    {formatTime(job.createdAt)}
                    <span className="visually-hidden"> {kind} delivery</span>
                  </Link>
                </td>
                <td>{kind}</td>
                <td>{job.userId ? <Link href={`/admin/users/${job.userId}`}>{job.recipient}</Link> : job.recipient}</td>
                <td>
                  <span className={`badge ${STATUS_BADGES[status]}`}>{STATUS_LABELS[status] ?? status}</span>
                </td>
                <td>
                  {job.attempts} of {job.maxAttempts}
                </td>
                <td>{status === "pending" || status === "retrying" ? formatTime(job.runAt) : "—"}</td>
                <td>{job.lastError ? job.lastError.slice(0, 160) : ""}</td>
                <td>{status === "dead" ? <RowAction action={retryDeliveryAction} fields={{ jobId: job.id }} label="Retry" target={`${kind} delivery of ${formatTime(job.createdAt)}`} /> : null}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
      <Pagination path="/admin/deliveries" params={{ status: query.status, type: query.type }} page={page} pageSize={pageSize} total={total} label="Deliveries" />
    </AdminShell>
  );
}
