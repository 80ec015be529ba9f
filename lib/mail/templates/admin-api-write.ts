import { config } from "@/lib/config";
import { translator, type Locale } from "@/lib/i18n";
import { formatEmailTime } from "../format";
import { renderEmail } from "../render";
import type { TemplatedEmail } from "./types";

export type AdminApiWriteEmailInput = {
  /** The machine client's name, as an admin gave it in the console. */
  clientName: string;
  clientId: string;
  /** What the client asked for, in words ("Update a User"). */
  operation: string;
  /** Whether the client held the scope that allows writes to admins. */
  allowed: boolean;
  at: Date;
  /** Client IP of the API call. */
  ip?: string;
  /** The admin's IANA time zone, when known. @default UTC */
  timeZone?: string;
  /** The admin's language: their own, else the tenant's (never the API call's). @default DEFAULT_LOCALE */
  locale?: Locale;
};

/**
 * Notice to an admin whose own account a Management API client tried to change, allowed or not:
 * a client's secret leaking is how a console is taken over, and the admin is the one to revoke it.
 * The client's name and the operation's name ("Update a User") are shown as they are.
 */
export function adminApiWriteEmail(input: AdminApiWriteEmailInput): TemplatedEmail {
  const cfg = config();
  const product = cfg.PRODUCT_NAME;
  const locale = input.locale ?? cfg.DEFAULT_LOCALE;
  const t = translator(locale);
  const facts = { client: input.clientName, clientId: input.clientId, operation: input.operation, product, when: formatEmailTime(input.at, input.timeZone, locale) };
  return {
    template: "admin-api-write",
    subject: t("email.apiWriteSubject", { product }),
    ...renderEmail({
      title: t("email.apiWriteTitle"),
      locale,
      intro: input.ip ? t("email.apiWriteIntroIp", { ...facts, ip: input.ip }) : t("email.apiWriteIntro", facts),
      paragraphs: [input.allowed ? t("email.apiWriteAllowed") : t("email.apiWriteRefused"), t("email.apiWriteAdvice")],
      action: { label: t("email.apiWriteAction"), url: `${cfg.PUBLIC_URL}/admin/clients` },
      footer: t("email.apiWriteFooter", { product }),
    }),
  };
}
