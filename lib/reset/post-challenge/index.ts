// The password-reset-post-challenge trigger inside a reset: the runner of the Actions (and the
// secure default when there are none) and the resume at /continue after an Action's redirect.
export { runPostChallenge, SECURE_DEFAULT_ACTION, type ContinueParams, type RunOptions } from "./run";
export { continuePostChallenge, continueParamsSchema } from "./continue";
export { returnToRedirectSite, waitingSiteOf, type WaitingSite } from "./return-to-site";
