import path from "node:path";

/** The folder under ACTIONS_DIR that holds Auth0 Custom Database scripts (login.js, get_user.js). */
export const CUSTOM_DATABASE_DIR = "custom-database";

// Auth0's Custom Database scripts are bare scripts, not modules: `function login(email, password,
// callback) {…}` with `configuration` and the error classes as globals. Appended after the
// author's code (so their line numbers stay right), this makes the file a legacy Hook the sandbox
// already runs: module.exports(args, context, callback) sets the globals and calls the script's
// function. The error classes are Auth0's; a script may throw or pass them to the callback.
const SHIM = `
;(function () {
  // Auth0's signatures: WrongUsernameOrPasswordError(userIdOrEmail, message), ValidationError(code,
  // message), UnauthorizedError(message).
  function auth0Error(name, fallback, messageArg) {
    return class extends Error {
      constructor(a, b) {
        super((messageArg === 1 ? b : a) || fallback);
        this.name = name;
        if (messageArg === 1 && a !== undefined) this.user = a;
      }
    };
  }
  globalThis.WrongUsernameOrPasswordError = globalThis.WrongUsernameOrPasswordError || auth0Error("WrongUsernameOrPasswordError", "Wrong email or password.", 1);
  globalThis.ValidationError = globalThis.ValidationError || auth0Error("ValidationError", "Invalid input.", 1);
  globalThis.UnauthorizedError = globalThis.UnauthorizedError || auth0Error("UnauthorizedError", "Unauthorized.", 0);
})();
module.exports = function rekeyCustomDatabase(args, context, callback) {
  globalThis.configuration = Object.freeze(Object.assign({}, context && context.configuration));
  if (args.script === "login") {
    if (typeof login !== "function") throw new Error("login.js must define function login(email, password, callback).");
    return login(args.email, args.password, callback);
  }
  if (typeof getByEmail === "function") return getByEmail(args.email, callback);
  if (typeof getUser === "function") return getUser(args.email, callback);
  throw new Error("get_user.js must define function getByEmail(email, callback).");
};
`;

/** What the compiler appends to a file: the shim for a Custom Database script, nothing otherwise. */
export function customDatabaseShim(file: string): string {
  return path.basename(path.dirname(file)) === CUSTOM_DATABASE_DIR ? SHIM : "";
}
