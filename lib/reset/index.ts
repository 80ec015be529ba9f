export { requestPasswordReset, type ResetRequestApp, type ResetRequestResult, type ResetRequestSource } from "./request";
export { resetEmailJob } from "./request-job";
export { doneUrlOf, INTERACTION_UID } from "./done-url";
export { sendResetEmailJobHandler, RESET_CODE_DIGITS } from "./send-reset-email";
export { inspectResetTicket, consumeResetTicket, TICKET_STATUS_ERRORS, type TicketStatus } from "./consume-ticket";
export { verifyResetCode, resetCodeSchema, MAX_CODE_ATTEMPTS } from "./verify-code";
export { completePasswordReset, newPasswordSchema } from "./complete";
export { loadBoundFlow, type ResetFlow, type ResetFlowRow } from "./load-flow";
export { readFlow, type FlowData, type FlowState } from "./flow";
export { resetCookieName, encodeResetCookie, decodeResetCookie, resetCookieOptions } from "./cookie";
export { RESET_STATES, RESET_SOURCES, RESET_TRANSITIONS, type ResetState, type ResetSource } from "./states";
export { nextStepOf, resetErrorPath, type NextStep } from "./next-step";
export { advanceFlow } from "./advance";
export { passFactor } from "./pass-factor";
export { continuePostChallenge, continueParamsSchema, returnToRedirectSite, waitingSiteOf, SECURE_DEFAULT_ACTION, type ContinueParams, type WaitingSite } from "./post-challenge";
export { resetRequestSchema } from "./schemas";
export { FACTOR_TYPES, type FactorType, type FactorChallenge, type PendingRedirect, type PostChallengeProgress } from "./progress";
export {
  loadFactorStep,
  startFactorStep,
  verifyFactorCode,
  verifyFactorAssertion,
  factorStartSchema,
  factorCodeSchema,
  factorAssertionSchema,
  type FactorOption,
  type FactorStep,
  type StartedFactor,
  type PassedFactor,
} from "./factor-step";
export { createPasswordChangeTicket, resultUrlSchema, DEFAULT_TICKET_TTL_SEC, MAX_TICKET_TTL_SEC, type PasswordChangeTicket, type PasswordChangeTicketInput } from "./ticket";
