// Second factors: enrollment on /account/security, and the challenges a reset or a sign-in asks
// for. One folder per factor with the same files (enroll, challenge, verify, strategy); callers
// loop over the registry of strategies (registry.ts) instead of switching on the type.
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
export { FACTOR_STRATEGIES, factorStrategy, findFactorStrategy, enrolledFactorTypes, parseFactorCode } from "./registry";
export type { FactorStrategy, FactorOffer, FactorProof, StartedFactor, VerifiedFactor } from "./strategy";
export { listEnrolledFactors, listAccountFactors, type AccountFactor } from "./list";
export { removeFactor } from "./remove";
export { renameFactor } from "./rename";
export { confirmPassword, reauthValidUntil, requireReauth, reauthSchema, reauthCookieName, reauthCookieOptions, REAUTH_SECONDS } from "./reauth";
export { MAX_FACTOR_ATTEMPTS } from "./code-challenge";
export { maskEmail, maskPhone } from "./mask";
export { sixDigitCode, recoveryCodeInput, phoneNumberInput, factorNameInput, factorTypeInput, factorIdInput } from "./schemas";

export {
  startWebauthnRegistration,
  finishWebauthnRegistration,
  beginWebauthnRegistration,
  completeWebauthnRegistration,
  type AuthenticatorKind,
  type RegisteredKey,
} from "./webauthn/enroll";
export { startWebauthnChallenge } from "./webauthn/challenge";
export { verifyWebauthnChallenge } from "./webauthn/verify";
export { startPasskeySignIn, verifyPasskeySignIn, PASSKEY_SIGN_IN_SECONDS } from "./webauthn/discoverable";
export { registrationResponseSchema, authenticationResponseSchema, relyingParty, type RegistrationResponse, type AuthenticationResponse } from "./webauthn/relying-party";

export { startOtpEnrollment, pendingOtpEnrollment, confirmOtpEnrollment, beginOtpEnrollment, completeOtpEnrollment, type PendingOtp } from "./otp/enroll";
export { otpChallengeOpen } from "./otp/challenge";
export { verifyOtp } from "./otp/verify";

export { enableEmailFactor, pendingEmailVerification, confirmEmailFactor, sendEmailVerification, completeEmailEnrollment } from "./email-otp/enroll";
export { sendEmailOtp, emailOtpPending, emailFactorAddress } from "./email-otp/challenge";
export { verifyEmailOtp } from "./email-otp/verify";

export { startPhoneEnrollment, pendingPhoneEnrollment, confirmPhoneEnrollment, beginPhoneEnrollment, completePhoneEnrollment } from "./phone/enroll";
export { sendSmsOtp, smsOtpPending, confirmedPhone } from "./phone/challenge";
export { sendSms } from "./phone/send-sms";
export { verifySmsOtp } from "./phone/verify";
export { smsSendJob, sendSmsJobHandler, configuredSmsProvider, devSmsProvider, httpSmsProvider, devSmsAddress, type SmsProvider, type SmsMessage } from "./phone/sms-provider";
export { smsCodeText } from "./phone/message";
export { recipientLocale, recipientOf, type Recipient } from "./recipient-locale";

export { generateRecoveryCodes } from "./recovery-code/enroll";
export { recoveryCodesLeft, recoveryChallengeOpen } from "./recovery-code/challenge";
export { verifyRecoveryCode } from "./recovery-code/verify";
export { RECOVERY_CODE_COUNT } from "./recovery-code/codes";
export { enrollImportedFactors, type ImportedFactor } from "./import";
export { FACTOR_LABELS, factorLabel } from "./names";
