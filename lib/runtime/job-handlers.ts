import { actionsPhoneProvider, deliverPostChangePassword, deliverPostUserRegistration } from "@/lib/actions";
import { configuredSmsProvider, sendSmsJobHandler, smsSendJob } from "@/lib/factors";
import { runUserImportJob, userImportJob } from "@/lib/import";
import { emailSendJob, sendEmailJobHandler } from "@/lib/mail";
import { backchannelLogoutJob, oidcSweepJob, oidcSweepJobHandler, sendBackchannelLogoutJobHandler } from "@/lib/oidc";
import { resetEmailJob, sendResetEmailJobHandler } from "@/lib/reset";
import { passwordChangedJob, userRegisteredJob } from "@/lib/users";
import { runUserExportJob, userExportJob } from "@/lib/export";

/** Every job type the worker runs, and who runs it. The composition root for lib/jobs. */
export function jobHandlers() {
  return {
    [emailSendJob.type]: sendEmailJobHandler,
    [resetEmailJob.type]: sendResetEmailJobHandler,
    [passwordChangedJob.type]: deliverPostChangePassword,
    [userRegisteredJob.type]: deliverPostUserRegistration,
    // A send-phone-message Action, when one exists, is the SMS provider (Auth0's custom provider).
    [smsSendJob.type]: sendSmsJobHandler(() => actionsPhoneProvider(configuredSmsProvider())),
    [oidcSweepJob.type]: oidcSweepJobHandler,
    [backchannelLogoutJob.type]: sendBackchannelLogoutJobHandler,
    [userImportJob.type]: runUserImportJob,
    [userExportJob.type]: runUserExportJob,
  };
}
