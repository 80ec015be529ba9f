import type { Metadata } from "next";
import Link from "next/link";
import { listApplications } from "@/lib/applications";
import { requireAdmin } from "@/lib/auth";
import { config } from "@/lib/config";
import { AdminShell } from "../admin-shell";
import { DataTable } from "../data-table";
import { formatTime } from "../format";
import { APP_TYPE_LABELS, CreateApplicationForm } from "./forms";

export const metadata: Metadata = { title: "Applications" };
export const dynamic = "force-dynamic";

export default async function AdminApplicationsPage() {
  const admin = await requireAdmin();
  const { applications } = await listApplications({ perPage: 100 });
  return (
    <AdminShell current="applications" admin={admin}>
      <h1>Applications</h1>
      <p>
        Applications sign their users in through Rekey with OpenID Connect, at the issuer <code>{config().PUBLIC_URL}/</code> (Auth0&apos;s paths: an app written for Auth0
        changes only its domain).
      </p>
      {applications.length === 0 ? <p>No applications yet.</p> : (
        <DataTable label="Applications" columns={["Name", "Type", "Client ID", "Created"]}>
          {applications.map((app) => (
            <tr key={app.id}>
              <td>
                <Link href={`/admin/applications/${app.id}`}>{app.name}</Link>
              </td>
              <td>{APP_TYPE_LABELS[app.appType] ?? app.appType}</td>
              <td>
                <code>{app.id}</code>
              </td>
              <td>{formatTime(app.createdAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <section aria-labelledby="create-app-heading" className="panel">
        <h2 id="create-app-heading">Create an application</h2>
        <CreateApplicationForm />
      </section>
    </AdminShell>
  );
}
