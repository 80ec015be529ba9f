import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import { currentBranding, failsWhiteText } from "@/lib/branding";
import { config } from "@/lib/config";
import { Alert } from "@/app/components";
import { AdminShell } from "../admin-shell";
import { BrandingForm } from "./branding-form";

export const metadata: Metadata = { title: "Branding" };
export const dynamic = "force-dynamic";

export default async function BrandingPage() {
  const admin = await requireAdmin();
  const branding = await currentBranding();
  return (
    <AdminShell current="branding" admin={admin}>
      <h1>Branding</h1>
      <p className="muted">The name, colours, logo and favicon of every page and email.</p>
      {failsWhiteText(branding) ? (
        <Alert kind="warning" title="Low contrast with white text">
          White text on {branding.primaryColor} has a contrast of {branding.whiteTextContrast}:1, below the 4.5:1 that WCAG AA asks for. Buttons use black text
          instead.
        </Alert>
      ) : null}
      <section className="panel" aria-label="Branding settings">
        <BrandingForm
          defaultName={config().PRODUCT_NAME}
          settings={{
            productName: branding.customName ? branding.productName : "",
            primaryColor: branding.primaryColor ?? "",
            backgroundColor: branding.backgroundColor ?? "",
            hasLogo: !!branding.logoPath,
            hasFavicon: !!branding.faviconPath,
          }}
        />
      </section>
      {branding.logoPath || branding.faviconPath ? (
        <section className="panel" aria-labelledby="current-files">
          <h2 id="current-files">Current files</h2>
          {/* eslint-disable @next/next/no-img-element -- uploads of unknown size, served by our own route */}
          {branding.logoPath ? <img src={branding.logoPath} alt="Current logo" className="brand__logo" /> : null}
          {branding.faviconPath ? <img src={branding.faviconPath} alt="Current favicon" width={32} height={32} /> : null}
          {/* eslint-enable @next/next/no-img-element */}
        </section>
      ) : null}
    </AdminShell>
  );
}
