import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { ProductNameProvider } from "@/app/components/product-name";
import { BrandProvider } from "@/app/components/brand-mark";
import { brandingCss, currentBranding } from "@/lib/branding";
import { dirOf } from "@/lib/i18n/locales";
import { requestLocale } from "@/lib/i18n/request-locale";
import "./globals.css";

// The branding is read from the database on each request (cached a few seconds per process), so
// every page is dynamic and `next build` never opens the database.
export async function generateMetadata(): Promise<Metadata> {
  await connection();
  const branding = await currentBranding();
  return {
    title: { template: `%s · ${branding.productName}`, default: branding.productName },
    icons: {
      icon: branding.faviconPath
        ? { url: branding.faviconPath, ...(branding.faviconType ? { type: branding.faviconType } : {}) }
        : { url: "/favicon.svg", type: "image/svg+xml" },
    },
  };
}

// No maximumScale / userScalable: people must be able to zoom (WCAG 1.4.4).
export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f7f7f8" },
    { media: "(prefers-color-scheme: dark)", color: "#0c0c0f" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  // Only #rrggbb values reach this CSS (brandingCss checks each), so it cannot close the element.
  const branding = await currentBranding();
  const css = brandingCss(branding);
  const locale = await requestLocale();
  const t = await getTranslations("common");
  // Client components get the pages' messages only: the emails' stay on the server.
  const clientMessages = Object.fromEntries(Object.entries(await getMessages()).filter(([namespace]) => namespace !== "email"));
  return (
    <html lang={locale} dir={dirOf(locale)}>
      <head>{css ? <style id="branding" dangerouslySetInnerHTML={{ __html: css }} /> : null}</head>
      <body>
        <a className="skip-link" href="#main">
          {t("skipLink")}
        </a>
        <NextIntlClientProvider messages={clientMessages}>
          <BrandProvider value={{ name: branding.customName ? branding.productName : null, logoPath: branding.logoPath }}>
            <ProductNameProvider name={branding.productName}>{children}</ProductNameProvider>
          </BrandProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
