import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { ProductNameProvider } from "@/app/components/product-name";
import { config } from "@/lib/config";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: "%s · Rekey", default: "Rekey" },
  icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
};

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
  // Every page is rendered per request; the product name is configuration, which a build must not read.
  await connection();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <ProductNameProvider name={config().PRODUCT_NAME}>{children}</ProductNameProvider>
      </body>
    </html>
  );
}
