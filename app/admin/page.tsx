import type { Metadata } from "next";
import { AppShell } from "@/app/components";
import { SignOutButton } from "@/app/account/sign-out-button";
import { requireAdmin } from "@/lib/auth";
import { config } from "@/lib/config";
import { searchUsers } from "@/lib/users";
import { BlockButton } from "./block-button";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ q?: string }> };

export default async function AdminUsersPage({ searchParams }: Props) {
  const admin = await requireAdmin();
  const { q } = await searchParams;
  const query = typeof q === "string" ? q.slice(0, 254) : undefined;
  const { items, total } = await searchUsers({ q: query, take: 50 });
  return (
    <AppShell
      productName={config().PRODUCT_NAME}
      nav={[
        { href: "/account", label: "Account" },
        { href: "/admin", label: "Users", current: true },
        { href: "/admin/connection", label: "Connection" },
      ]}
      user={{ email: admin.email }}
      signOutSlot={<SignOutButton />}
    >
      <h1>Users</h1>
      <form method="get" role="search" className="inline-form">
        <label htmlFor="user-search">Search users</label>
        <input id="user-search" name="q" type="search" defaultValue={query} maxLength={254} />
        <button type="submit" className="button button--secondary">
          Search
        </button>
      </form>
      <p className="muted">
        {total} user{total === 1 ? "" : "s"}
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Users">
        <table className="table">
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((user) => (
            <tr key={user.id}>
              <td>{user.email ?? user.username}</td>
              <td>{user.role}</td>
              <td>{user.blocked ? "Blocked" : "Active"}</td>
              <td>{user.id === admin.id ? null : <BlockButton userId={user.id} blocked={user.blocked} label={user.email ?? user.username ?? user.id} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
        </div>
    </AppShell>
  );
}
