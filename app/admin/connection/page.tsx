import type { Metadata } from "next";
import { connectionChangeHistory } from "@/lib/admin";
import { requireAdmin } from "@/lib/auth";
import { defaultConnection } from "@/lib/users";
import { AdminShell } from "../admin-shell";
import { formatTime } from "../format";
import { ConnectionSettingsForm } from "./settings-form";
import { DataTable } from "../data-table";

export const metadata: Metadata = { title: "Connection settings" };
export const dynamic = "force-dynamic";

export default async function ConnectionSettingsPage() {
  const admin = await requireAdmin();
  const connection = await defaultConnection();
  const history = await connectionChangeHistory(connection.id);
  return (
    <AdminShell current="connection" admin={admin}>
      <h1>{connection.name}</h1>
      <p className="muted">
        Connection ID <code>{connection.id}</code>
      </p>
      <section className="panel" aria-label="Settings">
        <ConnectionSettingsForm settings={connection} />
      </section>
      <section aria-labelledby="history-heading" className="panel">
        <h2 id="history-heading">Changes</h2>
        {history.length === 0 ? (
          <p>No changes yet.</p>
        ) : (
          <DataTable label="Table of changes to the settings" caption="Changes to the settings, newest first" columns={["Date", "By", "Changes"]}>
            {history.map((entry) => (
              <tr key={entry.id}>
                <td>{formatTime(entry.date)}</td>
                <td>{entry.actor}</td>
                <td>
                  {entry.changes.length === 0 ? (
                    <span className="muted">nothing changed</span>
                  ) : (
                    <ul>
                      {entry.changes.map((change) => (
                        <li key={change.field}>
                          <code>{change.field}</code>: {String(change.from)} → {String(change.to)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </AdminShell>
  );
}
