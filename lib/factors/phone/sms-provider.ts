import { z } from "zod";
import { config } from "@/lib/config";
import { defineJob, PermanentJobError } from "@/lib/jobs";
import { devMailboxEnabled, escapeHtml, storeDevMail } from "@/lib/mail";
import { smsCountryAllowed } from "./countries";

/** One outgoing SMS; send-sms.ts is the only producer. */
export const smsSendJob = defineJob({
  type: "sms.send",
  schema: z.object({
    to: z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number"),
    body: z.string().min(1).max(1600),
    /** For a send-phone-message Action (event.message_options): the code, why it is sent, and to whom. */
    code: z.string().max(64).optional(),
    purpose: z.enum(["enroll", "reset", "sign-in"]).optional(),
    userId: z.string().max(64).optional(),
  }),
});
export type SmsMessage = z.infer<typeof smsSendJob.schema>;

/** Where SMS go. `id` is the job's id, stable across attempts: pass it on as an idempotency key. */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage, options: { id: string; signal: AbortSignal }): Promise<void>;
}

/** The dev mailbox address an SMS to `number` is filed under. */
export function devSmsAddress(number: string): string {
  return `${number}@sms.dev`;
}

/** Development: each SMS becomes a message in the dev mailbox, to `<number>@sms.dev`. */
export const devSmsProvider: SmsProvider = {
  name: "dev",
  async send(message, { id }) {
    // Not permanent: the job retries, and succeeds once the server runs with a real provider.
    if (!devMailboxEnabled()) throw new Error("Cannot send SMS: SMS_PROVIDER is dev but the dev mailbox is off. Set SMS_PROVIDER=http.");
    await storeDevMail(id, `${config().PRODUCT_NAME} SMS`, {
      to: devSmsAddress(message.to),
      subject: `SMS to ${message.to}`,
      text: message.body,
      html: `<pre style="font:inherit;white-space:pre-wrap">${escapeHtml(message.body)}</pre>`,
    });
  },
};

/** @default 10 s: a provider that hangs fails the attempt, and the job backs off. */
const HTTP_TIMEOUT_MS = 10_000;

/** Any SMS gateway with a small adapter: POST `{to, body}` as JSON, Bearer token if configured. */
export function httpSmsProvider(url: string, token?: string): SmsProvider {
  return {
    name: "http",
    async send(message, { id, signal }) {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "idempotency-key": id,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ to: message.to, body: message.body }),
        signal: AbortSignal.any([signal, AbortSignal.timeout(HTTP_TIMEOUT_MS)]),
        redirect: "error",
      });
      await response.body?.cancel();
      if (response.ok) return;
      const text = `SMS provider answered ${response.status}`;
      // A 4xx other than timeout and throttling will not get better by retrying.
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new PermanentJobError(text);
      throw new Error(text);
    },
  };
}

export function configuredSmsProvider(): SmsProvider {
  const cfg = config();
  return cfg.SMS_PROVIDER === "http" ? httpSmsProvider(cfg.SMS_HTTP_URL!, cfg.SMS_HTTP_TOKEN) : devSmsProvider;
}

/** The `sms.send` job. Once sent, the stored payload keeps only the number: the body holds a code. */
export function sendSmsJobHandler(provider: () => SmsProvider = configuredSmsProvider) {
  return smsSendJob.handle(async (message, job) => {
    // SMS_ALLOWED_COUNTRY_CODES may have been narrowed since this was queued.
    if (!smsCountryAllowed(message.to)) throw new PermanentJobError("The number's country is not in SMS_ALLOWED_COUNTRY_CODES");
    await provider().send(message, { id: job.id, signal: job.signal });
    return { payload: { to: message.to, bodyRemoved: true } };
  });
}
