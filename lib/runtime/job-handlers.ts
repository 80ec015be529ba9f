import { actionsPhoneProvider, deliverPostChangePassword, deliverPostUserRegistration, POST_CHANGE_PASSWORD_JOB, POST_USER_REGISTRATION_JOB } from "@/lib/actions";
import { configuredSmsProvider, SMS_SEND_JOB, sendSmsJobHandler } from "@/lib/factors";
import { USER_IMPORT_JOB, runUserImportJob } from "@/lib/import";
import { sendEmailJobHandler } from "@/lib/mail";
import { OIDC_SWEEP_JOB, oidcSweepJobHandler } from "@/lib/oidc";
import { RESET_EMAIL_JOB, sendResetEmailJobHandler } from "@/lib/reset";

/** Every job type the worker runs, and who runs it. The composition root for lib/jobs. */
export function jobHandlers() {
  return {
    "email.send": sendEmailJobHandler,
    [RESET_EMAIL_JOB]: sendResetEmailJobHandler,
    [POST_CHANGE_PASSWORD_JOB]: deliverPostChangePassword,
    [POST_USER_REGISTRATION_JOB]: deliverPostUserRegistration,
    // A send-phone-message Action, when one exists, is the SMS provider (Auth0's custom provider).
    [SMS_SEND_JOB]: sendSmsJobHandler(() => actionsPhoneProvider(configuredSmsProvider())),
    [OIDC_SWEEP_JOB]: oidcSweepJobHandler,
    [USER_IMPORT_JOB]: runUserImportJob,
  };
}
