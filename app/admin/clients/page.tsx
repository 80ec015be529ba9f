import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import { config } from "@/lib/config";
import { ADMIN_USERS_SCOPE, listMachineClients, managementAudience, MANAGEMENT_SCOPES } from "@/lib/management";
import { AdminShell } from "../admin-shell";
import { formatTime } from "../format";
import { RowAction } from "../row-action";
import { revokeClientAction } from "./client-actions";
import { CreateClientForm } from "./client-forms";
import { DataTable } from "../data-table";

export const metadata: Metadata = { title: "API clients" };
export const dynamic = "force-dynamic";

export default async function AdminClientsPage() {
  const admin = await requireAdmin();
  const clients = await listMachineClients();
  return (
    <AdminShell current="clients" admin={admin}>
      <h1>API clients</h1>
      <p>
        Machine clients call the Auth0-compatible Management API. They get a token at <code>{config().PUBLIC_URL}/oauth/token</code> with the client-credentials grant and
        the audience <code>{managementAudience()}</code>; the official <code>auth0</code> SDK works with the domain of this server.
      </p>
      {clients.length === 0 ? <p>No clients yet.</p> : (
        <DataTable label="API clients" columns={["Name", "Client ID", "Scopes", "Created", "Last used", "Status"]}>
          {clients.map((client) => (
            <tr key={client.id}>
              <td>{client.name}</td>
              <td>
                <code>{client.id}</code>
              </td>
              <td>{client.scopes.join(" ")}</td>
              <td>{formatTime(client.createdAt)}</td>
              <td>{formatTime(client.lastUsedAt)}</td>
              <td>{client.revokedAt ? <span className="badge">Revoked {formatTime(client.revokedAt)}</span> : <RowAction action={revokeClientAction} fields={{ clientId: client.id }} label="Revoke" target={client.name} variant="danger" />}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <section aria-labelledby="create-client-heading" className="panel">
        <h2 id="create-client-heading">Create a client</h2>
        <p>Give it only the scopes it needs. Revoking a client stops its tokens at their next call.</p>
        <CreateClientForm
          scopes={MANAGEMENT_SCOPES}
          notes={{
            [ADMIN_USERS_SCOPE]:
              "Also lets the client change, block, delete or send reset tickets for admins, yourself included: whoever holds its secret can take over this console. Each such call is logged and the admin is emailed.",
          }}
        />
      </section>
    </AdminShell>
  );
}
