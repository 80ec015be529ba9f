import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import { config } from "@/lib/config";
import { listMachineClients, managementAudience, MANAGEMENT_SCOPES } from "@/lib/management";
import { AdminShell } from "../admin-shell";
import { formatTime } from "../format";
import { CreateClientForm, RevokeClientButton } from "./client-forms";

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
      <div className="table-wrap" tabIndex={0} role="region" aria-label="API clients">
        <table className="table">
          <caption className="visually-hidden">API clients</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Client ID</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((client) => (
              <tr key={client.id}>
                <td>{client.name}</td>
                <td>
                  <code>{client.id}</code>
                </td>
                <td>{client.scopes.join(" ")}</td>
                <td>{formatTime(client.createdAt)}</td>
                <td>{formatTime(client.lastUsedAt)}</td>
                <td>{client.revokedAt ? <span className="badge">Revoked {formatTime(client.revokedAt)}</span> : <RevokeClientButton clientId={client.id} name={client.name} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {clients.length === 0 ? <p>No clients yet.</p> : null}
      <section aria-labelledby="create-client-heading" className="panel">
        <h2 id="create-client-heading">Create a client</h2>
        <p>Give it only the scopes it needs. Revoking a client stops its tokens at their next call.</p>
        <CreateClientForm scopes={MANAGEMENT_SCOPES} />
      </section>
    </AdminShell>
  );
}
