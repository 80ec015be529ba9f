// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- one of several examples that each define login(); rename to login.js to use it.
// @ts-nocheck
/**
 * Lazy migration from your own PostgreSQL table of bcrypt hashes:
 *   CREATE TABLE users (id text primary key, email text unique, password_hash text, name text, email_verified boolean);
 * Settings: ACTION_SECRET_LEGACY_DATABASE_URL=postgres://reader:…@db.internal/app (a read-only role).
 * Uses the `pg` and `bcryptjs` packages from Rekey's node_modules.
 *
 * @param {string} email
 * @param {string} password
 * @param {CustomDatabaseCallback} callback
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- Rekey (as Auth0) calls it by name.
function login(email, password, callback) {
  const { Client } = require("pg");
  const bcrypt = require("bcryptjs");
  const client = new Client({ connectionString: configuration.LEGACY_DATABASE_URL });
  client
    .connect()
    .then(() => client.query("SELECT id, email, password_hash, name, email_verified FROM users WHERE lower(email) = lower($1)", [email]))
    .then(async ({ rows }) => {
      const user = rows[0];
      if (!user || !(await bcrypt.compare(password, user.password_hash))) return callback(new WrongUsernameOrPasswordError(email));
      callback(null, { user_id: user.id, email: user.email, email_verified: user.email_verified === true, name: user.name });
    })
    .catch(callback)
    .finally(() => client.end());
}
