import type { Metadata } from "next";
import { apiScopesOf, listApplications, listClientGrants, listResourceServers } from "@/lib/applications";
import { requireAdmin } from "@/lib/auth";
import { AdminShell } from "../admin-shell";
import { RowAction } from "../row-action";
import { deleteApiAction } from "./api-actions";
import { CreateApiForm, GrantForm } from "./forms";

export const metadata: Metadata = { title: "APIs" };
export const dynamic = "force-dynamic";

export default async function AdminApisPage() {
  const admin = await requireAdmin();
  const [{ resourceServers }, { applications }, grants] = await Promise.all([listResourceServers({ perPage: 100 }), listApplications({ perPage: 100 }), listClientGrants()]);
  const appName = new Map(applications.map((a) => [a.id, a.name]));
  return (
    <AdminShell current="apis" admin={admin}>
      <h1>APIs</h1>
      <p>
        An application that asks with <code>audience=&lt;identifier&gt;</code> gets a JWT access token for that API, signed with this server&apos;s keys, carrying the
        scopes the API defines and the application was granted.
      </p>
      {resourceServers.length === 0 ? <p>No APIs yet.</p> : null}
      {resourceServers.map((api) => (
        <section key={api.id} className="panel" aria-labelledby={`api-${api.id}`}>
          <h2 id={`api-${api.id}`}>{api.name}</h2>
          <p>
            Identifier <code>{api.identifier}</code> · {api.signingAlg} · tokens live {api.tokenLifetimeSec} s
          </p>
          <p>Scopes: {apiScopesOf(api).map((s) => s.value).join(" ") || "none"}</p>
          <ul>
            {grants
              .filter((g) => g.audience === api.identifier)
              .map((g) => (
                <li key={g.id}>
                  {appName.get(g.clientId) ?? g.clientId}: {g.scope.join(" ") || "no scope"}
                </li>
              ))}
          </ul>
          <GrantForm apiId={api.id} apiName={api.name} applications={applications.map((a) => ({ id: a.id, name: a.name }))} />
          <RowAction action={deleteApiAction} fields={{ apiId: api.id }} label="Delete API" target={api.name} variant="danger" confirm={`Delete ${api.name}? Applications can no longer get tokens for it.`} />
        </section>
      ))}
      <section aria-labelledby="create-api-heading" className="panel">
        <h2 id="create-api-heading">Create an API</h2>
        <CreateApiForm />
      </section>
    </AdminShell>
  );
}
