// Example (disabled: files starting with "_" are ignored). Rename it to e.g. 20-email-provider.js.
//
// Tell the user through your email provider's HTTP API that their password changed (Rekey already
// sends its own notice; this is how you would use a provider's templates instead or as well).
//   ACTION_SECRET_MAIL_API_KEY=…                      the provider's API key
//   ACTION_SECRET_MAIL_FROM=security@example.com
// This one is not retried (at most one email per change, even when the provider timed out after
// accepting the message):
exports.rekey = { maxAttempts: 1 };

/** @type {import('rekey/actions').PostChangePasswordAction} */
exports.onExecutePostChangePassword = async (event, api) => {
  if (!event.user.email) return;

  // api.cache: skip a second notice to the same address within 10 minutes.
  const key = `notified:${event.user.user_id}`;
  if (api.cache.get(key)) {
    console.log("A notice was sent recently; skipping.");
    return;
  }

  try {
    const response = await fetch("https://api.sendgrid.com/v3/mail/send", {
      method: "POST",
      headers: { authorization: `Bearer ${event.secrets.MAIL_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        personalizations: [{ to: [{ email: event.user.email }] }],
        from: { email: event.secrets.MAIL_FROM },
        subject: "Your password was changed",
        content: [
          {
            type: "text/plain",
            value: `Your password was changed on ${event.user.last_password_reset} from ${event.request.ip}. ` +
              "If this was not you, reset your password now and contact support.",
          },
        ],
      }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`The email provider answered ${response.status}: ${await response.text()}`);
    api.cache.set(key, "1", { ttl: 10 * 60 * 1000 });
    console.log(`Notice sent to ${event.user.email}`);
  } catch (err) {
    console.log(`Sending the notice failed: ${err.message}`);
    throw err;
  }
};
