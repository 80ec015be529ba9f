// Pending sign-ins: a sign-in that needs proof beyond the password, as a one-time row bound to
// the browser by a cookie. Reasons: the spent account-wide sign-in limit, the user's second factor
// (MFA policy), and setting one up (policy "always"). Started by lib/users (signInWithPassword), completed by
// lib/users (signInWithProof) once verifyProof passes; /login/verify is its page.
export { startPendingSignIn, type PendingSignInStart, type PendingSignInReason, type StartedPendingSignIn } from "./start";
export { loadProofStep, type ProofStep } from "./step";
export { sendProofCode } from "./send";
export { verifyProof, proofInputSchema, proofAssertionSchema, proofRegistrationSchema, type ProofInput, type ProvedSignIn } from "./verify";
export { startSignInWebauthn, signInEnrollment, signInEnrollmentSentTo } from "./second-factor";
export { startSignInKeyEnrollment, type StartedKeyEnrollment } from "./enroll-key";
export { MAX_PROOF_ATTEMPTS, pendingSignInState, type PendingSignInState } from "./load";
export { PROOF_METHODS, SIGN_IN_ENROLL_METHODS, isSentMethod, type ProofMethod, type ProofOption, type SentMethod, type SignInEnrollMethod } from "./methods";
export { pendingSignInCookieName, pendingSignInCookieOptions, PENDING_SIGN_IN_SECONDS } from "./handle";
