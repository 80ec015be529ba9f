import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/app/components";
import { requireAdmin } from "@/lib/auth";
import { defaultConnection, policyOf, searchUsers } from "@/lib/users";
import { hasControlCharacters } from "@/lib/validation";
import { AdminShell } from "./admin-shell";
import { UserMenu } from "./user-menu";
import { CreateUserForm } from "./create-user-form";
import { formatTime } from "./format";
import { Pagination } from "./pagination";
import { DataTable } from "./data-table";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

type Props = { searchParams: Promise<{ q?: string | string[]; page?: string | string[]; notice?: string | string[] }> };

export default async function AdminUsersPage({ searchParams }: Props) {
  const admin = await requireAdmin();
  const params = await searchParams;
  const query = typeof params.q === "string" ? params.q.slice(0, 254) : undefined;
  const page = Math.min(Math.max(Number.parseInt(typeof params.page === "string" ? params.page : "1", 10) || 1, 1), 10_000);
  // No email, username or name holds a control character, and PostgreSQL refuses a NUL outright (a
  // 500 the hostile storm found): such a search matches no one without asking the database.
  const nobody = query !== undefined && hasControlCharacters(query);
  const [{ items, total }, connection] = await Promise.all([
    nobody ? { items: [], total: 0 } : searchUsers({ q: query, take: PAGE_SIZE, skip: (page - 1) * PAGE_SIZE }),
    defaultConnection(),
  ]);
  return (
    <AdminShell current="users" admin={admin}>
      <h1>Users</h1>
      {params.notice === "deleted" ? <Alert kind="success">The user was deleted.</Alert> : null}
      <form method="get" role="search" className="inline-form">
        <label htmlFor="user-search">Search users</label>
        <input id="user-search" name="q" type="search" className="input" defaultValue={query} maxLength={254} placeholder="Email, username or name" />
        <button type="submit" className="button button--secondary">
          Search
        </button>
      </form>
      <p className="muted" role="status">
        {total} user{total === 1 ? "" : "s"}
        {query ? ` matching “${query}”` : ""}
      </p>
      <DataTable label="Users" columns={["Email", "Name", "Role", "Status", "Last sign-in", "Actions"]}>
        {items.map((user) => (
          <tr key={user.id}>
            <td>
              <Link href={`/admin/users/${user.id}`}>{user.email ?? user.username ?? user.id}</Link>
            </td>
            <td>{user.name ?? ""}</td>
            <td>{user.role}</td>
            <td>
              <span className="badge">{user.blocked ? "Blocked" : "Active"}</span>
            </td>
            <td>{formatTime(user.lastLogin)}</td>
            <td>
              <UserMenu user={user} self={user.id === admin.id} />
            </td>
          </tr>
        ))}
      </DataTable>
      <Pagination path="/admin" params={{ q: query }} page={page} pageSize={PAGE_SIZE} total={total} label="Users" />
      <section aria-labelledby="create-heading" className="panel">
        <h2 id="create-heading">Create a user</h2>
        <p>The connection&apos;s password policy applies. The user is not emailed.</p>
        <CreateUserForm requiresUsername={connection.requiresUsername} policy={policyOf(connection)} />
      </section>
    </AdminShell>
  );
}
