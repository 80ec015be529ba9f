import { config } from "@/lib/config";
import { translator, type Locale } from "@/lib/i18n";
import { renderEmail } from "../render";
import type { TemplatedEmail } from "./types";

export type ImportCompletedEmailInput = {
  jobId: string;
  connection: string;
  status: "completed" | "failed";
  inserted: number;
  updated: number;
  failed: number;
  /** Why the whole file was refused, when it was (the import's own words, shown as they are). */
  error?: string | null;
  /** The admin's language: their own, else the tenant's. @default DEFAULT_LOCALE */
  locale?: Locale;
};

/** Auth0's `send_completion_email`: the tenant's admins learn that a users import ended, and how. */
export function importCompletedEmail(input: ImportCompletedEmailInput): TemplatedEmail {
  const cfg = config();
  const locale = input.locale ?? cfg.DEFAULT_LOCALE;
  const t = translator(locale);
  const count = new Intl.NumberFormat(locale);
  const facts = {
    jobId: input.jobId,
    connection: input.connection,
    inserted: count.format(input.inserted),
    updated: count.format(input.updated),
    failed: count.format(input.failed),
  };
  const done = input.status === "completed";
  return {
    template: "import-completed",
    subject: done ? t("email.importSubjectDone", facts) : t("email.importSubjectFailed", facts),
    ...renderEmail({
      title: done ? t("email.importTitleDone") : t("email.importTitleFailed"),
      locale,
      intro: done ? t("email.importIntroDone", facts) : t("email.importIntroFailed", facts),
      paragraphs: [
        ...(input.error ? [t("email.importFileRefused", { error: input.error })] : []),
        ...(input.failed > 0 ? [t("email.importErrorsHint", facts)] : []),
      ],
      action: { label: t("email.importAction"), url: `${cfg.PUBLIC_URL}/admin/import?job=${encodeURIComponent(input.jobId)}` },
      footer: t("email.importFooter", { product: cfg.PRODUCT_NAME }),
    }),
  };
}
