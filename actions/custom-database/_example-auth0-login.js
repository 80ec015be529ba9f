// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- one of several examples that each define login(); rename to login.js to use it.
// @ts-nocheck
/**
 * Lazy migration off another Auth0 tenant (the usual path off Auth0): the old tenant checks the
 * password with the Resource Owner Password grant, and Rekey creates the user with that password
 * hashed by Rekey. Needs, in the old tenant, an application with the Password grant enabled and the
 * connection as its default directory (or realm below). Settings (environment of Rekey):
 *   ACTION_SECRET_OLD_AUTH0_DOMAIN=old-tenant.eu.auth0.com
 *   ACTION_SECRET_OLD_AUTH0_CLIENT_ID=…   ACTION_SECRET_OLD_AUTH0_CLIENT_SECRET=…
 *   ACTION_SECRET_OLD_AUTH0_REALM=Username-Password-Authentication
 *
 * @param {string} email
 * @param {string} password
 * @param {CustomDatabaseCallback} callback
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- Rekey (as Auth0) calls it by name.
function login(email, password, callback) {
  const base = `https://${configuration.OLD_AUTH0_DOMAIN}`;
  fetch(`${base}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      grant_type: "http://auth0.com/oauth/grant-type/password-realm",
      realm: configuration.OLD_AUTH0_REALM,
      username: email,
      password,
      client_id: configuration.OLD_AUTH0_CLIENT_ID,
      client_secret: configuration.OLD_AUTH0_CLIENT_SECRET,
      scope: "openid profile email",
    }),
  })
    .then(async (response) => {
      // 403 invalid_grant: wrong email or password (or a blocked user) on the old tenant.
      if (response.status === 403) return callback(new WrongUsernameOrPasswordError(email));
      if (!response.ok) return callback(new Error(`old tenant answered ${response.status}`));
      const { access_token } = await response.json();
      const info = await fetch(`${base}/userinfo`, { headers: { authorization: `Bearer ${access_token}` } });
      if (!info.ok) return callback(new Error(`old tenant /userinfo answered ${info.status}`));
      const profile = await info.json();
      // sub is auth0|<24 hex>: Rekey keeps that id, so tokens and links naming the user stay valid.
      callback(null, {
        user_id: profile.sub,
        email: profile.email,
        email_verified: profile.email_verified,
        name: profile.name,
        nickname: profile.nickname,
        picture: profile.picture,
      });
    })
    .catch(callback);
}
