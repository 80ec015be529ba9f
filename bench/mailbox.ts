// Reads reset links from the mail the bench server sent to its SMTP capture, as they arrive.
import type { ParsedMail } from "mailparser";
import type { SmtpCapture } from "@/lib/mail/testing/smtp-capture";

function addressedTo(mail: ParsedMail, to: string): boolean {
  const recipients = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return recipients.some((r) => r.value.some((a) => a.address?.toLowerCase() === to.toLowerCase()));
}

/** How many messages to `to` arrived so far; pass it to waitForResetTicket as `before`. */
export function countMessagesTo(mail: SmtpCapture, to: string): number {
  return mail.messages.filter((m) => addressedTo(m, to)).length;
}

/** Waits for a message to `to`, after the first `before` of them, that carries a reset link; returns its ticket. */
export async function waitForResetTicket(mail: SmtpCapture, to: string, before: number, timeoutMs = 30_000): Promise<string> {
  const isNewResetMail = (m: ParsedMail) =>
    addressedTo(m, to) && mail.messages.filter((other) => addressedTo(other, to)).indexOf(m) >= before && /\/reset\/verify\?ticket=/.test(m.text ?? "");
  const found = await mail.waitForMessage(isNewResetMail, { timeoutMs });
  const match = /\/reset\/verify\?ticket=([A-Za-z0-9_%-]+)/.exec(found.text ?? "");
  return decodeURIComponent(match![1]!);
}
