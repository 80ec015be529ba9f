import { BrandMark } from "./brand-mark";

export type CardFrameProps = {
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
  /** Under the card and its footer: the language switcher (./card-page.tsx). */
  below?: React.ReactNode;
};

/**
 * The centred single-card layout, markup only, so the error boundaries (client components) can use
 * it too; the pages use CardPage, which adds the language switcher.
 */
export function CardFrame({ productName, title, subtitle, children, footer, below }: CardFrameProps) {
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
        {below}
      </main>
    </div>
  );
}
