import { AppShell } from "@/app/components/app-shell";
import { SignOutButton } from "@/app/account/sign-out-button";
import { config } from "@/lib/config";

export type AdminSection = "users" | "logs" | "actions" | "deliveries" | "applications" | "apis" | "clients" | "connection" | "branding" | "import";

const SECTIONS: Array<[AdminSection, string, string]> = [
  ["users", "/admin", "Users"],
  ["logs", "/admin/logs", "Logs"],
  ["actions", "/admin/actions", "Actions"],
  ["deliveries", "/admin/deliveries", "Deliveries"],
  ["applications", "/admin/applications", "Applications"],
  ["apis", "/admin/apis", "APIs"],
  ["clients", "/admin/clients", "API clients"],
  ["connection", "/admin/connection", "Connection"],
  ["import", "/admin/import", "Import / export"],
  ["branding", "/admin/branding", "Branding"],
];

/** The frame of every admin page: the console's sections, the admin, sign-out. */
export function AdminShell({ current, admin, children }: { current: AdminSection; admin: { email: string | null }; children: React.ReactNode }) {
  return (
    <AppShell
      productName={config().PRODUCT_NAME}
      homeHref="/admin"
      nav={[{ href: "/account", label: "Account" }, ...SECTIONS.map(([section, href, label]) => ({ href, label, current: section === current }))]}
      user={{ email: admin.email }}
      signOutSlot={<SignOutButton />}
    >
      {children}
    </AppShell>
  );
}
