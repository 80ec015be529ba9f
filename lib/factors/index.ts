// Second factors: enrollment on /account/security, and the challenges a reset asks for. One
// folder per factor with the same three files (enroll, challenge, verify).
export {
  FACTOR_TYPES,
  SUPPORTED_FACTOR_TYPES,
  WEBAUTHN_TYPES,
  isWebauthnType,
  isFactorEnabled,
  type FactorType,
  type SupportedFactorType,
  type WebauthnType,
  type EnrolledFactor,
  type AccountActor,
  type FlowActor,
} from "./types";
export { listEnrolledFactors, listAccountFactors, type AccountFactor } from "./list";
export { removeFactor } from "./remove";
export { renameFactor } from "./rename";
export { confirmPassword, reauthValidUntil, requireReauth, reauthSchema, reauthCookieName, reauthCookieOptions, REAUTH_SECONDS } from "./reauth";
export { MAX_FACTOR_ATTEMPTS } from "./code-challenge";
export { maskEmail, maskPhone } from "./mask";
export { sixDigitCode, recoveryCodeInput, phoneNumberInput, factorNameInput, factorTypeInput, factorIdInput } from "./schemas";

export { startWebauthnRegistration, finishWebauthnRegistration, type AuthenticatorKind } from "./webauthn/enroll";
export { startWebauthnChallenge } from "./webauthn/challenge";
export { verifyWebauthnChallenge } from "./webauthn/verify";
export { registrationResponseSchema, authenticationResponseSchema, relyingParty, type RegistrationResponse, type AuthenticationResponse } from "./webauthn/relying-party";

export { startOtpEnrollment, pendingOtpEnrollment, confirmOtpEnrollment, type PendingOtp } from "./otp/enroll";
export { otpChallengeOpen } from "./otp/challenge";
export { verifyOtp } from "./otp/verify";

export { enableEmailFactor, pendingEmailVerification, confirmEmailFactor } from "./email-otp/enroll";
export { sendEmailOtp, emailOtpPending, emailFactorAddress } from "./email-otp/challenge";
export { verifyEmailOtp } from "./email-otp/verify";

export { startPhoneEnrollment, pendingPhoneEnrollment, confirmPhoneEnrollment } from "./phone/enroll";
export { sendSmsOtp, smsOtpPending, confirmedPhone } from "./phone/challenge";
export { sendSms } from "./phone/send-sms";
export { verifySmsOtp } from "./phone/verify";
export { SMS_SEND_JOB, sendSmsJobHandler, configuredSmsProvider, devSmsProvider, httpSmsProvider, devSmsAddress, type SmsProvider, type SmsMessage } from "./phone/sms-provider";
export { smsCodeText } from "./phone/message";

export { generateRecoveryCodes } from "./recovery-code/enroll";
export { recoveryCodesLeft, recoveryChallengeOpen } from "./recovery-code/challenge";
export { verifyRecoveryCode } from "./recovery-code/verify";
export { RECOVERY_CODE_COUNT } from "./recovery-code/codes";
export { enrollImportedFactors, type ImportedFactor } from "./import";
