// Secrets of Actions and Hooks come from the environment, never from files under actions/ (those
// are committed). This module is the only place that reads them, by this naming scheme:
//
//   ACTION_SECRET_<NAME>=value              → event.secrets.<NAME> for every Action and Hook
//   ACTION_SECRET_<NAME>__<SLUG>=value      → event.secrets.<NAME> for the one file whose slug is SLUG
//
// <NAME> is kept exactly as written (Auth0 secret names are case-sensitive: ACTION_SECRET_apiKey
// gives event.secrets.apiKey) and must not contain "__". <SLUG> is the file name without its
// extension and without a leading order prefix ("10-", "020_"), upper-cased, with every run of
// characters other than A–Z and 0–9 turned into "_": `actions/post-change-password/10-revoke-sessions.js`
// has the slug REVOKE_SESSIONS. A scoped secret wins over an unscoped one of the same name, so a
// shared default can be overridden for one file.

const PREFIX = "ACTION_SECRET_";
const SCOPE_SEPARATOR = "__";

/** The slug that scopes secrets to one Action file: `10-revoke-sessions.ts` → `REVOKE_SESSIONS`. */
export function actionSecretSlug(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.(c|m)?[jt]s$/i, "");
  const withoutOrder = base.replace(/^\d+[-_.\s]+/, "");
  return (withoutOrder || base).toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

/**
 * The secrets one Action or Hook file receives (`event.secrets` / `context.webtask.secrets`).
 * Read on every call: cheap, and a test or a supervisor that changes the environment is honoured.
 */
export function actionSecrets(fileName: string, env: Record<string, string | undefined> = process.env): Record<string, string> {
  const slug = actionSecretSlug(fileName);
  const shared: Record<string, string> = {};
  const scoped: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(PREFIX) || value === undefined) continue;
    const rest = key.slice(PREFIX.length);
    const split = rest.lastIndexOf(SCOPE_SEPARATOR);
    if (split === -1) {
      if (rest) shared[rest] = value;
      continue;
    }
    const name = rest.slice(0, split);
    const scope = rest.slice(split + SCOPE_SEPARATOR.length).toUpperCase();
    if (name && scope === slug) scoped[name] = value;
  }
  return { ...shared, ...scoped };
}
