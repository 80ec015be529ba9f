import type { Metadata } from "next";
import { AppShell } from "@/app/components";
import { requireUser } from "@/lib/auth";
import { config } from "@/lib/config";
import { policyOf, toAuth0User } from "@/lib/users";
import { ChangePasswordForm } from "./change-password-form";
import { SignOutButton } from "./sign-out-button";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await requireUser("/account");
  const profile = toAuth0User(user, user.connection);
  const nav = [
    { href: "/account", label: "Account", current: true },
    { href: "/account/security", label: "Sign-in methods" },
    ...(user.role === "admin" ? [{ href: "/admin", label: "Admin" }] : []),
  ];
  const rows: [string, string | undefined][] = [
    ["Email", profile.email],
    ["Username", profile.username],
    ["Name", profile.name],
    ["User ID", profile.user_id],
    ["Signed in", `${profile.logins_count} times`],
    ["Password last changed", user.passwordChangedAt?.toUTCString()],
  ];
  return (
    <AppShell productName={config().PRODUCT_NAME} nav={nav} user={{ email: user.email }} signOutSlot={<SignOutButton />}>
      <h1>Your account</h1>
      <section aria-labelledby="profile-heading" className="panel">
        <h2 id="profile-heading">Profile</h2>
        <dl className="details">
          {rows
            .filter(([, value]) => value)
            .map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      </section>
      <section aria-labelledby="password-heading" className="panel">
        <h2 id="password-heading">Change password</h2>
        <p className="muted">Changing your password signs you out everywhere, including here.</p>
        <ChangePasswordForm policy={policyOf(user.connection)} />
      </section>
    </AppShell>
  );
}
