// The environment of an Actions sandbox process. It is built from an allow-list, never by removing
// names from the server's: AUTH_SECRET, DATABASE_URL, SMTP_URL, ACTION_SECRET_* and whatever an
// operator adds later stay out (NODE_OPTIONS too, which could lift the sandbox's flags). An
// Action's secrets reach it through event.secrets only.

/** Variables passed through when set: the time zone, and extra CA certificates for Actions' HTTPS calls. */
const PASSED = ["TZ", "NODE_EXTRA_CA_CERTS"] as const;

export function sandboxEnvironment(env: Record<string, string | undefined> = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PASSED) {
    const value = env[name];
    if (value) out[name] = value;
  }
  return out;
}
