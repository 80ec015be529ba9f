import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { findApplication } from "@/lib/applications";
import { requireAdmin } from "@/lib/auth";
import { AdminShell } from "../../admin-shell";
import { RowAction } from "../../row-action";
import { deleteApplicationAction } from "../application-actions";
import { EditApplicationForm, RotateSecretForm } from "../forms";

export const metadata: Metadata = { title: "Application" };
export const dynamic = "force-dynamic";

export default async function AdminApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireAdmin();
  const { id } = await params;
  const app = await findApplication(id);
  if (!app) notFound();
  return (
    <AdminShell current="applications" admin={admin}>
      <p>
        <Link href="/admin/applications">Applications</Link>
      </p>
      <h1>{app.name}</h1>
      <p>
        Client ID <code>{app.id}</code>
      </p>
      <EditApplicationForm
        app={{
          clientId: app.id,
          name: app.name,
          appType: app.appType,
          callbacks: app.callbacks.join("\n"),
          allowedLogoutUrls: app.allowedLogoutUrls.join("\n"),
          webOrigins: app.webOrigins.join("\n"),
          initiateLoginUri: app.initiateLoginUri ?? "",
          backchannelLogoutUri: app.backchannelLogoutUri ?? "",
          tokenEndpointAuthMethod: app.tokenEndpointAuthMethod,
          idTokenAlg: app.idTokenSignedResponseAlg,
          refreshTokenRotation: app.refreshTokenRotation,
          isFirstParty: app.isFirstParty,
          idTokenLifetime: app.idTokenLifetimeSec,
          accessTokenLifetime: app.accessTokenLifetimeSec,
          refreshTokenLifetime: app.refreshTokenLifetimeSec,
        }}
      />
      {app.tokenEndpointAuthMethod !== "none" ? (
        <section aria-labelledby="secret-heading" className="panel">
          <h2 id="secret-heading">Client secret</h2>
          <p>The secret is shown once, when it is made. Rotating it stops the old one at once.</p>
          <RotateSecretForm clientId={app.id} />
        </section>
      ) : null}
      <section aria-labelledby="danger-heading" className="panel">
        <h2 id="danger-heading">Delete</h2>
        <RowAction
          action={deleteApplicationAction}
          fields={{ clientId: app.id }}
          label="Delete application"
          target={app.name}
          variant="danger"
          confirm={`Delete ${app.name}? Its users can no longer sign in to it, and its tokens stop working.`}
        />
      </section>
    </AdminShell>
  );
}
