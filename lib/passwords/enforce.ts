import { failureOf, type PasswordFailure } from "./auth0-errors";
import { loadCommonPasswords } from "./dictionary";
import { isInHistory } from "./history";
import { checkPassword, type PasswordCheck, type PasswordPolicySettings, type PersonalInfo } from "./policy";

export type PasswordPolicyOutcome = PasswordCheck & {
  /** The one reason to report (Auth0's precedence), or null when the password is accepted. */
  failure: PasswordFailure | null;
};

/**
 * The server's decision on a new password: every rule of the policy with the dictionary, then the
 * history. The history check is the expensive part (one argon2 verification per entry), so it
 * runs only once everything else has passed.
 *
 * @param previousHashes the user's password hashes, newest first (the current one included);
 *   only the first `settings.historySize` are compared.
 */
export async function enforcePasswordPolicy(
  plain: string,
  settings: PasswordPolicySettings,
  personal: PersonalInfo,
  previousHashes: readonly string[] = [],
): Promise<PasswordPolicyOutcome> {
  const common = settings.dictionary ? await loadCommonPasswords() : undefined;
  const check = checkPassword(plain, settings, personal, { isCommon: common?.includes });
  const failure = failureOf(check);
  if (failure) return { ...check, failure };

  const history = previousHashes.slice(0, Math.max(0, settings.historySize));
  if (history.length > 0 && (await isInHistory(plain, history))) return { ...check, ok: false, failure: "history" };
  return { ...check, failure: null };
}
