import Link from "next/link";
import { useTranslations } from "next-intl";
import { BrandMark } from "./brand-mark";

export type AppShellNavItem = {
  href: string;
  label: React.ReactNode;
  /** Marks the link with aria-current="page". */
  current?: boolean;
};

export type AppShellProps = {
  productName: string;
  /** Where the product name links to; plain text when omitted. */
  homeHref?: string;
  nav: AppShellNavItem[];
  user?: { email?: string | null };
  /** The sign-out control (a form posting to the sign-out action), rendered at the header's end. */
  signOutSlot?: React.ReactNode;
  children: React.ReactNode;
};

function NavLinks({ nav }: { nav: AppShellNavItem[] }) {
  return (
    <ul>
      {nav.map((item) => (
        <li key={item.href}>
          <Link href={item.href} aria-current={item.current ? "page" : undefined}>
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The frame of signed-in pages (account, admin): header, main navigation, content. */
export function AppShell({ productName, homeHref, nav, user, signOutSlot, children }: AppShellProps) {
  const brand = <BrandMark productName={productName} />;
  const current = nav.find((item) => item.current);
  const t = useTranslations("account");
  return (
    <div className="app-shell">
      <header className="app-shell__header">
        <div className="app-shell__bar">
          {homeHref ? (
            <Link href={homeHref} className="brand">
              {brand}
            </Link>
          ) : (
            <span className="brand">{brand}</span>
          )}
          <nav aria-label={t("mainNav")} className="app-shell__nav">
            <NavLinks nav={nav} />
          </nav>
          {/* Phones get the same links behind a disclosure (no JavaScript needed); CSS shows one of the two. */}
          <details className="app-shell__menu">
            <summary>{t("menu")}{current ? <span className="app-shell__menu-current">: {current.label}</span> : null}</summary>
            <nav aria-label={t("mainNav")}>
              <NavLinks nav={nav} />
            </nav>
          </details>
          {user?.email || signOutSlot ? (
            <div className="app-shell__user">
              {user?.email ? (
                <span className="app-shell__email" title={user.email}>
                  {user.email}
                </span>
              ) : null}
              {signOutSlot}
            </div>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="app-shell__main">
        {children}
      </main>
    </div>
  );
}
