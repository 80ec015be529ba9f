import { deliverPostChangePassword, POST_CHANGE_PASSWORD_JOB } from "@/lib/actions";
import { SMS_SEND_JOB, sendSmsJobHandler } from "@/lib/factors";
import { USER_EXPORT_JOB, runUserExportJob } from "@/lib/export";
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
    [SMS_SEND_JOB]: sendSmsJobHandler(),
    [OIDC_SWEEP_JOB]: oidcSweepJobHandler,
    [USER_IMPORT_JOB]: runUserImportJob,
    [USER_EXPORT_JOB]: runUserExportJob,
  };
}
