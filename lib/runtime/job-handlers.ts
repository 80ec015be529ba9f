import { deliverPostChangePassword } from "@/lib/actions";
import { sendSmsJobHandler, smsSendJob } from "@/lib/factors";
import { runUserImportJob, userImportJob } from "@/lib/import";
import { emailSendJob, sendEmailJobHandler } from "@/lib/mail";
import { oidcSweepJob, oidcSweepJobHandler } from "@/lib/oidc";
import { resetEmailJob, sendResetEmailJobHandler } from "@/lib/reset";
import { passwordChangedJob } from "@/lib/users";

/** Every job type the worker runs, and who runs it. The composition root for lib/jobs. */
export function jobHandlers() {
  return {
    [emailSendJob.type]: sendEmailJobHandler,
    [resetEmailJob.type]: sendResetEmailJobHandler,
    [passwordChangedJob.type]: deliverPostChangePassword,
    [smsSendJob.type]: sendSmsJobHandler(),
    [oidcSweepJob.type]: oidcSweepJobHandler,
    [userImportJob.type]: runUserImportJob,
  };
}
