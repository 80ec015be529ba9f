// Example (disabled: files starting with "_" are ignored). Rename it to e.g. 10-revoke-sessions.js.
//
// After a password change, ask another system to sign the user out everywhere. The endpoint and
// its bearer token are secrets, set in the server's environment:
//   ACTION_SECRET_SESSIONS_URL=https://api.example.com/sessions/revoke
//   ACTION_SECRET_SESSIONS_TOKEN=…
// The delivery id is the same on every retry: send it as an idempotency key.
// Try it: npm run action -- test actions/post-change-password/_example-revoke-sessions.js \
//           --secret SESSIONS_URL=https://httpbin.org/post --secret SESSIONS_TOKEN=dev-token

/** @type {import('rekey/actions').PostChangePasswordAction} */
exports.onExecutePostChangePassword = async (event) => {
  const { SESSIONS_URL, SESSIONS_TOKEN } = event.secrets;
  try {
    const response = await fetch(SESSIONS_URL, {
      method: "POST",
      headers: {
        authorization: `Bearer ${SESSIONS_TOKEN}`,
        "content-type": "application/json",
        "idempotency-key": event.transaction?.correlation_id ?? "",
      },
      body: JSON.stringify({ user_id: event.user.user_id, reason: "password_changed" }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) {
      // Throwing marks the execution failed: the delivery is retried with backoff.
      throw new Error(`Session revocation answered ${response.status}`);
    }
    console.log(`Revoked the sessions of ${event.user.user_id}`);
  } catch (err) {
    console.log(`Could not revoke the sessions of ${event.user.user_id}: ${err.message}`);
    throw err;
  }
};
