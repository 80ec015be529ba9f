// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- one of several examples that each define getByEmail(); rename to get_user.js to use it.
// @ts-nocheck
/**
 * The reset side of migrating from your own PostgreSQL table (see _example-postgres-login.js).
 *
 * @param {string} email
 * @param {CustomDatabaseCallback} callback
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- Rekey (as Auth0) calls it by name.
function getByEmail(email, callback) {
  const { Client } = require("pg");
  const client = new Client({ connectionString: configuration.LEGACY_DATABASE_URL });
  client
    .connect()
    .then(() => client.query("SELECT id, email, name, email_verified FROM users WHERE lower(email) = lower($1)", [email]))
    .then(({ rows }) => {
      const user = rows[0];
      if (!user) return callback(null);
      callback(null, { user_id: user.id, email: user.email, email_verified: user.email_verified === true, name: user.name });
    })
    .catch(callback)
    .finally(() => client.end());
}
