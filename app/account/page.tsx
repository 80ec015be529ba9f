import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AppShell } from "@/app/components/app-shell";
import { requireUser } from "@/lib/auth";
import { config } from "@/lib/config";
import { requestLocale } from "@/lib/i18n/request-locale";
import { policyOf, toAuth0User } from "@/lib/users";
import { ChangePasswordForm } from "./change-password-form";
import { accountNav } from "./nav";
import { SignOutButton } from "./sign-out-button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

/** A moment in the page's language, in UTC; English keeps the form it always had. */
function formatMoment(date: Date | null | undefined, locale: string): string | undefined {
  if (!date) return undefined;
  if (locale === "en") return date.toUTCString();
  return `${new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }).format(date)} UTC`;
}
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await requireUser("/account");
  const profile = toAuth0User(user, user.connection);
  const t = await getTranslations();
  const locale = await requestLocale();
  const nav = accountNav(t, "account", user.role === "admin");
  const rows: [string, string | undefined][] = [
    [t("reset.labelEmail"), profile.email],
    [t("signup.username"), profile.username],
    [t("signup.name"), profile.name],
    [t("account.userId"), profile.user_id],
    [t("account.signedIn"), t("account.loginsCount", { count: profile.logins_count, n: String(profile.logins_count) })],
    [t("account.passwordChangedAt"), formatMoment(user.passwordChangedAt, locale)],
  ];
  return (
    <AppShell productName={config().PRODUCT_NAME} nav={nav} user={{ email: user.email }} signOutSlot={<SignOutButton />}>
      <h1>{t("account.title")}</h1>
      <section aria-labelledby="profile-heading" className="panel">
        <h2 id="profile-heading">{t("account.profile")}</h2>
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
        <h2 id="password-heading">{t("account.changePassword")}</h2>
        <p className="muted">{t("account.changeNote")}</p>
        <ChangePasswordForm policy={policyOf(user.connection)} />
      </section>
    </AppShell>
  );
}
