import { config } from "@/lib/config";
import { dirOf, translator, type Locale } from "@/lib/i18n";

/** The sender's look: product name and button colours (lib/branding's settings, or the defaults). */
export type EmailBrand = {
  name: string;
  /** Button background, `#rrggbb`. */
  color: string;
  /** Button text, `#rrggbb`, chosen for contrast with `color`. */
  textColor: string;
  /** Absolute http(s) URL of the logo shown above the heading; the product name is shown otherwise. */
  logoUrl?: string;
};

export type EmailContent = {
  /** The heading, also the HTML <title>. */
  title: string;
  /** A one-time code, shown alone in large type right under the heading (and first in the text). */
  code?: { label: string; value: string };
  /** First paragraph. */
  intro: string;
  /** One call to action, rendered as a button plus the raw link (http/https only). */
  action?: { label: string; url: string };
  /** Paragraphs after the action. */
  paragraphs: string[];
  /** Small print under a rule: why the recipient got this email. */
  footer: string;
  /** @default the product name from configuration and Rekey's default colours */
  brand?: EmailBrand;
  /** The language the email is written in: its <html lang dir> and the layout's own words. @default "en" */
  locale?: Locale;
};

export type RenderedEmail = { text: string; html: string };

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const HEX = /^#[0-9a-f]{6}$/i;
const DEFAULT_COLOR = "#1d4ed8";

/** Only absolute http(s) URLs may become links: a `javascript:` URL in an email is an attack. */
function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError("Email action URL must be an absolute URL.");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new TypeError(`Email action URL must use http or https, not ${parsed.protocol}`);
  }
  return parsed.href;
}

const FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
// Colours meet WCAG AA contrast on white (#52525b ≈ 7.7:1, #1d4ed8 ≈ 6.7:1) and as button text.
const STYLE = {
  body: "margin:0;padding:0;background-color:#f4f4f5;",
  outer: "background-color:#f4f4f5;",
  card: "max-width:560px;background-color:#ffffff;border:1px solid #e4e4e7;border-radius:8px;",
  product: `${FONT}padding:24px 32px 0;font-size:14px;line-height:1.4;font-weight:600;color:#3f3f46;`,
  heading: `${FONT}margin:0;font-size:22px;line-height:1.3;font-weight:700;color:#18181b;`,
  content: `${FONT}padding:16px 32px 8px;font-size:16px;line-height:1.5;color:#27272a;`,
  paragraph: "margin:0 0 16px;",
  button: "display:inline-block;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600;",
  codeLabel: "margin:0 0 4px;font-size:14px;color:#52525b;",
  code:
    "margin:0 0 16px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:32px;line-height:1.2;" +
    "font-weight:700;letter-spacing:4px;color:#18181b;",
  fallback: "margin:0 0 16px;font-size:14px;color:#52525b;",
  link: "color:#1d4ed8;word-break:break-all;",
  footer: `${FONT}padding:16px 32px 24px;border-top:1px solid #e4e4e7;font-size:13px;line-height:1.5;color:#52525b;`,
} as const;

/**
 * One accessible, inline-styled HTML layout (mail clients drop <style> and scripts) and its
 * plain-text twin. Every interpolated value is HTML-escaped: names and other user-supplied text end
 * up in these emails.
 */
export function renderEmail(content: EmailContent): RenderedEmail {
  const brand = content.brand;
  const product = brand?.name ?? config().PRODUCT_NAME;
  // Colours reach a style attribute: only a strict hex value may, anything else falls back.
  const color = brand && HEX.test(brand.color) ? brand.color : DEFAULT_COLOR;
  const textColor = brand && HEX.test(brand.textColor) && HEX.test(brand.color) ? brand.textColor : "#ffffff";
  const logoUrl = brand?.logoUrl ? safeUrl(brand.logoUrl) : undefined;
  const action = content.action ? { label: content.action.label, url: safeUrl(content.action.url) } : undefined;
  const p = (text: string, style: string = STYLE.paragraph) => `<p style="${style}">${escapeHtml(text)}</p>`;
  const locale = content.locale ?? "en";

  const html = [
    "<!doctype html>",
    `<html lang="${locale}"${dirOf(locale) === "rtl" ? ' dir="rtl"' : ""}>`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(content.title)}</title>`,
    "</head>",
    `<body style="${STYLE.body}">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${STYLE.outer}"><tr><td align="center" style="padding:24px 12px;">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${STYLE.card}">`,
    `<tr><td style="${STYLE.product}">${
      logoUrl ? `<img src="${escapeHtml(logoUrl)}" alt="${escapeHtml(product)}" height="32" style="height:32px;width:auto;border:0;">` : escapeHtml(product)
    }</td></tr>`,
    `<tr><td style="padding:8px 32px 0;"><h1 style="${STYLE.heading}">${escapeHtml(content.title)}</h1></td></tr>`,
    `<tr><td style="${STYLE.content}">`,
    content.code ? p(content.code.label, STYLE.codeLabel) + p(content.code.value, STYLE.code) : "",
    p(content.intro),
    action
      ? `<p style="${STYLE.paragraph}"><a href="${escapeHtml(action.url)}" style="${STYLE.button}background-color:${color};color:${textColor};">${escapeHtml(action.label)}</a></p>` +
        `<p style="${STYLE.fallback}">${escapeHtml(translator(locale)("email.buttonFallback"))}<br>` +
        `<a href="${escapeHtml(action.url)}" style="${STYLE.link}">${escapeHtml(action.url)}</a></p>`
      : "",
    ...content.paragraphs.map((text) => p(text)),
    "</td></tr>",
    `<tr><td style="${STYLE.footer}">${escapeHtml(content.footer)}</td></tr>`,
    "</table>",
    "</td></tr></table>",
    "</body>",
    "</html>",
  ]
    .filter(Boolean)
    .join("\n");

  const text = [
    product,
    "",
    content.title,
    "=".repeat(Math.min(content.title.length, 72)),
    "",
    ...(content.code ? [`${content.code.label}: ${content.code.value}`, ""] : []),
    content.intro,
    ...(action ? ["", `${action.label}:`, action.url] : []),
    ...content.paragraphs.flatMap((para) => ["", para]),
    "",
    "-- ",
    content.footer,
    "",
  ].join("\n");

  return { text, html };
}
