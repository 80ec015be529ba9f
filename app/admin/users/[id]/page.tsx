import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/app/components";
import { getUserOverview, TICKET_LIFETIMES } from "@/lib/admin";
import { requireAdmin } from "@/lib/auth";
import { factorLabel } from "@/lib/factors";
import { LOG_TYPES } from "@/lib/logs";
import { policyOf, toAuth0User } from "@/lib/users";
import { AdminShell } from "../../admin-shell";
import { UserMenu } from "../../user-menu";
import { RowAction } from "../../row-action";
import { removeFactorAction } from "../../user-actions";
import { formatTime } from "../../format";
import { DeleteUserForm, ResetLinkForm, SendResetEmailForm, SetPasswordForm } from "./forms";
import { DataTable } from "../../data-table";

export const metadata: Metadata = { title: "User" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ notice?: string | string[] }> };

export default async function AdminUserPage({ params, searchParams }: Props) {
  const admin = await requireAdmin();
  const { id } = await params;
  const { notice } = await searchParams;
  const overview = await getUserOverview(id);
  if (!overview) notFound();
  const { user, factors, recoveryCodesLeft, logs, logTotal, openResets } = overview;
  const profile = toAuth0User(user, user.connection);
  const label = user.email ?? user.username ?? user.id;
  const self = user.id === admin.id;
  const rows: Array<[string, React.ReactNode]> = [
    ["User ID", <code key="id">{profile.user_id}</code>],
    ["Email", user.email ? `${user.email} (${user.emailVerified ? "verified" : "not verified"})` : "—"],
    ["Username", user.username ?? "—"],
    ["Name", user.name ?? "—"],
    ["Role", user.role],
    ["Status", user.blocked ? "Blocked" : "Active"],
    ["Created", formatTime(user.createdAt)],
    ["Last sign-in", `${formatTime(user.lastLogin)} (${user.loginsCount} sign-in${user.loginsCount === 1 ? "" : "s"}${user.lastIp ? `, from ${user.lastIp}` : ""})`],
    ["Password changed", formatTime(user.passwordChangedAt)],
    ["Sessions revoked", user.sessionVersion === 0 ? "Never" : `${user.sessionVersion} time${user.sessionVersion === 1 ? "" : "s"}, last ${formatTime(user.sessionsRevokedAt)}`],
    ["Open resets", String(openResets)],
  ];
  return (
    <AdminShell current="users" admin={admin}>
      <p>
        <Link href="/admin">← All users</Link>
      </p>
      <div className="page-title-row">
        <h1>{label}</h1>
        <UserMenu user={user} self={self} onUserPage />
      </div>
      {notice === "created" ? <Alert kind="success">User created.</Alert> : null}

      <section aria-labelledby="profile-heading" className="panel">
        <h2 id="profile-heading">Profile</h2>
        <dl className="details">
          {rows.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="password-heading" className="panel">
        <h2 id="password-heading">Set password</h2>
        <p>The connection&apos;s policy applies. The user is signed out everywhere and gets the password-changed email; post-change-password Actions run.</p>
        <SetPasswordForm userId={user.id} policy={policyOf(user.connection)} />
      </section>

      <section aria-labelledby="reset-heading" className="panel">
        <h2 id="reset-heading">Password reset</h2>
        <p>Send the user the usual reset email, or create a single-use link to hand over yourself. Either one makes the user&apos;s earlier links stop working.</p>
        <SendResetEmailForm userId={user.id} />
        <ResetLinkForm userId={user.id} lifetimes={TICKET_LIFETIMES} />
      </section>

      <section aria-labelledby="factors-heading" className="panel">
        <h2 id="factors-heading">Second factors</h2>
        {factors.length === 0 ? (
          <p>No factors enrolled.</p>
        ) : (
          <DataTable label="Table of second factors" caption="Second factors" columns={["Type", "Name", "Enrolled", "Last used", "Actions"]}>
            {factors.map((factor) => (
              <tr key={factor.id}>
                <td>{factorLabel(factor.type)}</td>
                <td>
                  {factor.name}
                  {factor.type === "recovery-code" ? ` (${recoveryCodesLeft} left)` : ""}
                </td>
                <td>{factor.confirmedAt ? formatTime(factor.confirmedAt) : "Not confirmed"}</td>
                <td>{formatTime(factor.lastUsedAt)}</td>
                <td>
                  <RowAction action={removeFactorAction} fields={{ userId: user.id, factorId: factor.id }} label="Remove" target={`${factorLabel(factor.type)} ${factor.name}`} variant="danger" confirm={`Remove ${factor.name}? The user can no longer use it to sign in or to confirm a password reset.`} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section aria-labelledby="events-heading" className="panel">
        <h2 id="events-heading">Recent events</h2>
        {logs.length === 0 ? (
          <p>No events.</p>
        ) : (
          <DataTable label="Table of recent events" caption="Recent events" columns={["Date", "Event", "Description", "IP"]}>
            {logs.map((log) => (
              <tr key={log.id}>
                <td>{formatTime(log.date)}</td>
                <td>
                  <span className="badge" title={LOG_TYPES[log.type as keyof typeof LOG_TYPES]}>
                    {log.type}
                  </span>
                </td>
                <td>{log.description}</td>
                <td>{log.ip ?? ""}</td>
              </tr>
            ))}
          </DataTable>
        )}
        {logTotal > logs.length ? <Link href={`/admin/logs?user=${user.id}`}>All {logTotal} events of this user</Link> : null}
      </section>

      {self ? null : (
        <section aria-labelledby="delete-heading" className="panel">
          <h2 id="delete-heading">Delete user</h2>
          <p>The account, its factors and open resets are removed for good. The tenant log keeps its lines.</p>
          <DeleteUserForm userId={user.id} expected={(user.email ?? user.username ?? "").toLowerCase()} />
        </section>
      )}
    </AdminShell>
  );
}
