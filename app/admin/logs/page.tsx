import type { Metadata } from "next";
import Link from "next/link";
import { logQuerySchema, searchTenantLog } from "@/lib/admin";
import { requireAdmin } from "@/lib/auth";
import { LOG_TYPES } from "@/lib/logs";
import { AdminShell } from "../admin-shell";
import { formatJson, formatTime } from "../format";
import { Pagination } from "../pagination";
import { DataTable } from "../data-table";

export const metadata: Metadata = { title: "Tenant log" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminLogsPage({ searchParams }: Props) {
  const admin = await requireAdmin();
  const raw = await searchParams;
  const query = logQuerySchema.parse(Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === "string")));
  const { items, total, page, pageSize } = await searchTenantLog(query);
  return (
    <AdminShell current="logs" admin={admin}>
      <h1>Tenant log</h1>
      <form method="get" role="search" aria-label="Filter the log" className="filter-grid">
        <div className="field">
          <label htmlFor="log-type" className="field__label">
            Type
          </label>
          <select id="log-type" name="type" className="input" defaultValue={query.type ?? ""}>
            <option value="">All types</option>
            {Object.entries(LOG_TYPES).map(([code, description]) => (
              <option key={code} value={code}>
                {code}: {description}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="log-user" className="field__label">
            User
          </label>
          <input id="log-user" name="user" className="input" defaultValue={query.user} maxLength={254} placeholder="Email or user ID" />
        </div>
        <div className="field">
          <label htmlFor="log-from" className="field__label">
            From
          </label>
          <input id="log-from" name="from" type="date" className="input" defaultValue={query.from} />
        </div>
        <div className="field">
          <label htmlFor="log-to" className="field__label">
            To
          </label>
          <input id="log-to" name="to" type="date" className="input" defaultValue={query.to} />
        </div>
        <button type="submit" className="button button--secondary">
          Filter
        </button>
      </form>
      <p className="muted" role="status">
        {total} event{total === 1 ? "" : "s"}
      </p>
      {items.length === 0 ? null : (
        <DataTable label="Log events" caption="Log events, newest first" columns={["Date", "Event", "Description", "User", "Details"]}>
          {items.map((log) => (
            <tr key={log.id}>
              <td>{formatTime(log.date)}</td>
              <td>
                <span className="badge">{log.type}</span> <span className="muted">{LOG_TYPES[log.type as keyof typeof LOG_TYPES] ?? ""}</span>
              </td>
              <td>{log.description}</td>
              <td>{log.userId ? <Link href={`/admin/users/${log.userId}`}>{log.who}</Link> : log.who}</td>
              <td>
                <details className="table-details">
                  <summary>
                    Details<span className="visually-hidden"> of {log.id}</span>
                  </summary>
                  <pre>
                    {formatJson({ log_id: log.id, ip: log.ip, user_agent: log.userAgent, connection_id: log.connectionId, details: log.details })}
                  </pre>
                </details>
                {typeof (log.details as { deliveryId?: unknown }).deliveryId === "string" ? (
                  <Link className="table-link" href={`/admin/deliveries/${(log.details as { deliveryId: string }).deliveryId}`}>
                    Delivery<span className="visually-hidden"> of {log.id}</span>
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination path="/admin/logs" params={{ type: query.type, user: query.user, from: query.from, to: query.to }} page={page} pageSize={pageSize} total={total} label="Log" />
    </AdminShell>
  );
}
