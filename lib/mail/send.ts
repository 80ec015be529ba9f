import nodemailer, { type Transporter } from "nodemailer";
import { config } from "@/lib/config";
import { storeDevMail } from "./dev-mailbox";
import { emailSendJob, type EmailMessage } from "./message";
import { processWide } from "@/lib/process-wide";

export class MailConfigurationError extends Error {
  override readonly name = "MailConfigurationError";
}

// One transport per SMTP URL for the life of the process (it holds parsed options, not a socket).
// Timeouts are short so a dead mail server fails the attempt, and the job backs off, long before
// the attempt's own timeout.
function transportFor(url: string): Transporter {
  const cache = processWide("mail.transports", () => new Map<string, Transporter>());
  let transport = cache.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    cache.set(url, transport);
  }
  return transport;
}

/** Message-ID derived from the job id: a job delivered twice (at-least-once) carries the same id. */
function messageIdFor(jobId: string): string {
  const host = new URL(config().PUBLIC_URL).hostname || "localhost";
  return `<${jobId}@${host}>`;
}

/**
 * Delivers one message: SMTP when SMTP_URL is set, else the dev mailbox, else a configuration
 * error. With both SMTP_URL and DEV_MAILBOX=true, a copy is also kept in the dev mailbox.
 */
export async function deliverEmail(jobId: string, message: EmailMessage, signal?: AbortSignal): Promise<"smtp" | "dev-mailbox"> {
  const cfg = config();
  if (cfg.SMTP_URL) {
    if (cfg.DEV_MAILBOX) await storeDevMail(jobId, cfg.MAIL_FROM, message);
    signal?.throwIfAborted();
    await transportFor(cfg.SMTP_URL).sendMail({
      from: cfg.MAIL_FROM,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: messageIdFor(jobId),
      headers: { "Auto-Submitted": "auto-generated" },
    });
    return "smtp";
  }
  if (cfg.DEV_MAILBOX) {
    await storeDevMail(jobId, cfg.MAIL_FROM, message);
    return "dev-mailbox";
  }
  // Not permanent: the job retries, and succeeds once the server restarts with SMTP_URL set.
  throw new MailConfigurationError(
    "Cannot send email: SMTP_URL is not set and the dev mailbox is off (DEV_MAILBOX=false or NODE_ENV=production). Set SMTP_URL.",
  );
}

/**
 * The `email.send` job handler. On success the stored payload keeps only the recipient, subject
 * and template: the body may carry a one-time link, and the database must not keep it usable.
 */
export const sendEmailJobHandler = emailSendJob.handle(async (message, job) => {
  await deliverEmail(job.id, message, job.signal);
  return {
    payload: { to: message.to, subject: message.subject, ...(message.template ? { template: message.template } : {}), bodyRemoved: true },
  };
});
