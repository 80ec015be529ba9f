// Example (disabled: files starting with "_" are ignored). Rename it to e.g. 05-legacy-hook.js.
//
// A legacy Auth0 post-change-password Hook runs unchanged: module.exports is a function of
// (user, context, cb). Hooks run before the Actions. Secrets are in context.webtask.secrets:
//   ACTION_SECRET_AUDIT_URL=https://audit.example.com/events
// Call cb() when done, or cb(error) to record a failure (tenant log fcph; the delivery is retried).
// A Hook that never calls cb times out.

/** @type {import('rekey/actions').Hook} */
module.exports = function (user, context, cb) {
  const body = JSON.stringify({
    type: "password_changed",
    user_id: user.id,
    email: user.email,
    at: user.last_password_reset,
    connection: context.connection.name,
    tenant: context.connection.tenant,
    delivery_id: context.delivery && context.delivery.id,
  });
  fetch(context.webtask.secrets.AUDIT_URL, { method: "POST", headers: { "content-type": "application/json" }, body })
    .then((response) => {
      if (!response.ok) return cb(new Error(`The audit service answered ${response.status}`));
      cb();
    })
    .catch((err) => cb(err));
};
