import { Suspense } from "react";
import { BrandMark } from "./brand-mark";
import { LanguageSwitcher } from "./language-switcher";

export type CardPageProps = {
  /**
   * Shown above the card; comes from configuration, passed in by the page. Empty only on the last
   * resort error page, which renders without the server (app/global-error.tsx).
   */
  productName: string;
  /** The page's <h1>. */
  title: React.ReactNode;
  subtitle?: React.ReactNode;
  children: React.ReactNode;
  /** Below the card, e.g. "No account? Sign up". */
  footer?: React.ReactNode;
  /** The language switcher under the card; off only where no language is set up (app/global-error.tsx). @default true */
  languageSwitcher?: boolean;
};

/** The centred single-card layout of sign-in, sign-up and every password-reset page. */
export function CardPage({ productName, title, subtitle, children, footer, languageSwitcher = true }: CardPageProps) {
  return (
    <div className="card-page">
      <header className="card-page__header">
        {productName ? (
          <span className="brand">
            <BrandMark productName={productName} />
          </span>
        ) : null}
      </header>
      <main id="main" tabIndex={-1} className="card-page__main">
        <div className="card">
          <div className="card__header">
            <h1>{title}</h1>
            {subtitle ? <p className="card__subtitle">{subtitle}</p> : null}
          </div>
          <div className="card__body">{children}</div>
        </div>
        {footer ? <div className="card-page__footer">{footer}</div> : null}
        {languageSwitcher ? (
          <Suspense fallback={null}>
            <LanguageSwitcher />
          </Suspense>
        ) : null}
      </main>
    </div>
  );
}
