// Example (disabled: files starting with "_" are ignored). Rename it to e.g. 10-step-up.js.
// Up to 4 Actions run on this trigger, in file-name order, after the user opened the email link and
// before the new-password form.
//
// Ask for a second factor when the user has one enrolled; refuse resets of blocked-looking accounts.

/** @type {import('rekey/actions').PasswordResetPostChallengeAction} */
exports.onExecutePostChallenge = async (event, api) => {
  if (event.user.app_metadata.reset_locked) {
    api.access.deny("Password reset is disabled for this account. Contact support.");
    return;
  }
  const factors = (event.user.enrolledFactors ?? []).filter((f) => f.type !== "email");
  if (factors.length > 0) {
    api.authentication.challengeWithAny(
      factors.map((f) => /** @type {import('rekey/actions').FactorSelector} */ ({ type: f.type })),
    );
  }
};
