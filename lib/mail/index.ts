// Outgoing email: queued as `email.send` jobs, rendered from templates, delivered by nodemailer or
// kept in the dev mailbox.
export { emailJob, enqueueEmail } from "./enqueue";
export { sendEmailJobHandler, deliverEmail, MailConfigurationError } from "./send";
export { renderEmail, escapeHtml, type EmailBrand, type EmailContent, type RenderedEmail } from "./render";
export { formatDuration, formatEmailTime, knownTimeZone, timeZoneOf } from "./format";
export { listDevMail, getDevMail, devMailboxEnabled, devMailboxOpenTo, parseDevMailboxFilter, storeDevMail, type DevMail, type DevMailSummary } from "./dev-mailbox";
export { emailSendJob, emailPayloadSchema, type EmailMessage } from "./message";
export type { TemplatedEmail } from "./templates/types";
export { passwordChangedEmail, type PasswordChangedEmailInput } from "./templates/password-changed";
export { passwordResetEmail, type PasswordResetEmailInput } from "./templates/password-reset";
export { factorCodeEmail, type FactorCodeEmailInput } from "./templates/factor-code";
export { adminApiWriteEmail, type AdminApiWriteEmailInput } from "./templates/admin-api-write";
export { signInAttemptsEmail, type SignInAttemptsEmailInput } from "./templates/sign-in-attempts";
export { importCompletedEmail, type ImportCompletedEmailInput } from "./templates/import-completed";
