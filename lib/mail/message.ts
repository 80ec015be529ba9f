import { z } from "zod";
import { defineJob } from "@/lib/jobs";

// A header value must not contain a line break: that is how header injection works.
const headerText = z.string().min(1).max(998).refine((v) => !/[\r\n]/.test(v), "must not contain line breaks");

/** The `email.send` payload, validated when enqueued and again when the job runs. */
export const emailPayloadSchema = z.object({
  to: z.email().max(254),
  subject: headerText,
  text: z.string().min(1).max(200_000),
  html: z.string().min(1).max(500_000),
  /** Template name (`password-changed`), shown in the admin console. */
  template: z.string().max(100).optional(),
});

export type EmailMessage = z.infer<typeof emailPayloadSchema>;

/** One outgoing email: enqueued by enqueueEmail / emailJob, run by sendEmailJobHandler. */
export const emailSendJob = defineJob({ type: "email.send", schema: emailPayloadSchema });

