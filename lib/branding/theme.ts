import { config } from "@/lib/config";
import type { Prisma } from "@/lib/db";
import type { EmailBrand } from "@/lib/mail";
import { HEX_COLOR } from "./colors";
import { currentBranding, type Branding } from "./store";

/**
 * The CSS that applies the branding over globals.css, placed after it in the page. Only values that
 * are exactly `#rrggbb` get in: this text is written into a <style> element. The background
 * applies to the light scheme only: the dark theme's text colours are made for its own background.
 */
export function brandingCss(branding: Branding): string {
  const safe = (v: string | null) => (v && HEX_COLOR.test(v) ? v : null);
  const primary = safe(branding.primaryColor);
  const background = safe(branding.backgroundColor);
  const rules: string[] = [];
  if (primary) {
    const text = safe(branding.primaryTextColor) ?? "#ffffff";
    const hover = safe(branding.primaryHoverColor) ?? primary;
    rules.push(`:root{--color-accent:${primary};--color-accent-hover:${hover};--color-accent-text:${text};--color-focus:${primary};}`);
  }
  if (background) rules.push(`@media (prefers-color-scheme: light){:root{--color-bg:${background};}}`);
  return rules.join("\n");
}

/** The branding as emails use it (absolute logo URL). Pass the transaction when inside one. */
export async function emailBrand(tx?: Prisma.TransactionClient): Promise<EmailBrand> {
  const branding = await currentBranding(tx);
  return {
    name: branding.productName,
    color: branding.primaryColor ?? "#1d4ed8",
    textColor: branding.primaryTextColor ?? "#ffffff",
    ...(branding.logoPath ? { logoUrl: `${config().PUBLIC_URL}${branding.logoPath}` } : {}),
  };
}
