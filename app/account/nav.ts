import type { getTranslations } from "next-intl/server";

/** The account pages' navigation, in the page's language; `current` marks the page shown. */
export function accountNav(t: Awaited<ReturnType<typeof getTranslations>>, current: "account" | "methods", admin: boolean) {
  return [
    { href: "/account", label: t("account.navAccount"), current: current === "account" || undefined },
    { href: "/account/security", label: t("account.navMethods"), current: current === "methods" || undefined },
    ...(admin ? [{ href: "/admin", label: t("account.navAdmin") }] : []),
  ];
}
