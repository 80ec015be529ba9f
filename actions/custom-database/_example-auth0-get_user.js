// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- one of several examples that each define getByEmail(); rename to get_user.js to use it.
// @ts-nocheck
/**
 * The reset side of migrating off another Auth0 tenant: a user who has not signed in since the
 * move asks for a reset; the old tenant's Management API says whether they exist, and Rekey creates
 * them without a password so the reset link goes out. Needs a machine-to-machine application on the
 * old tenant with read:users. Settings: ACTION_SECRET_OLD_AUTH0_DOMAIN, ACTION_SECRET_OLD_AUTH0_M2M_ID,
 * ACTION_SECRET_OLD_AUTH0_M2M_SECRET.
 *
 * @param {string} email
 * @param {CustomDatabaseCallback} callback
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- Rekey (as Auth0) calls it by name.
function getByEmail(email, callback) {
  const base = `https://${configuration.OLD_AUTH0_DOMAIN}`;
  fetch(`${base}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      grant_type: "client_credentials",
      client_id: configuration.OLD_AUTH0_M2M_ID,
      client_secret: configuration.OLD_AUTH0_M2M_SECRET,
      audience: `${base}/api/v2/`,
    }),
  })
    .then(async (response) => {
      if (!response.ok) return callback(new Error(`old tenant token endpoint answered ${response.status}`));
      const { access_token } = await response.json();
      const found = await fetch(`${base}/api/v2/users-by-email?email=${encodeURIComponent(email)}`, { headers: { authorization: `Bearer ${access_token}` } });
      if (!found.ok) return callback(new Error(`old tenant users-by-email answered ${found.status}`));
      const users = await found.json();
      const user = users.find((u) => u.identities?.some((i) => i.provider === "auth0"));
      if (!user) return callback(null); // no such user: the reset answers as for any unknown address
      callback(null, { user_id: user.user_id, email: user.email, email_verified: user.email_verified, name: user.name, user_metadata: user.user_metadata, app_metadata: user.app_metadata });
    })
    .catch(callback);
}
