import type { Metadata } from "next";
import { AppShell } from "@/app/components";
import { SignOutButton } from "@/app/account/sign-out-button";
import { requireAdmin } from "@/lib/auth";
import { config } from "@/lib/config";
import { defaultConnection } from "@/lib/users";
import { ConnectionSettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Connection settings" };
export const dynamic = "force-dynamic";

export default async function ConnectionSettingsPage() {
  const admin = await requireAdmin();
  const connection = await defaultConnection();
  return (
    <AppShell
      productName={config().PRODUCT_NAME}
      nav={[
        { href: "/account", label: "Account" },
        { href: "/admin", label: "Users" },
        { href: "/admin/connection", label: "Connection", current: true },
      ]}
      user={{ email: admin.email }}
      signOutSlot={<SignOutButton />}
    >
      <h1>{connection.name}</h1>
      <section className="panel" aria-label="Settings">
        <ConnectionSettingsForm settings={connection} />
      </section>
    </AppShell>
  );
}
