"use strict";
// Auth0 gives an Action `undefined` for a secret that is not set, and the Action then fails far
// from the cause ("Failed to parse URL from undefined"). The secrets object keeps that behaviour
// (code such as `event.secrets.X || fallback` must keep working), but remembers the names read
// that had no value, so a failure can say which secret is missing.

/** Property reads that are not the Action asking for a secret (serialisers, awaiting, inspection). */
const NOT_A_SECRET = new Set(["toJSON", "then", "constructor", "valueOf", "toString", "inspect", "asymmetricMatch", "$$typeof"]);

/**
 * @param {Record<string, unknown> | undefined} secrets
 * @param {Set<string>} missing filled with the names read that had no value
 */
function watchSecrets(secrets, missing) {
  if (!secrets || typeof secrets !== "object") return secrets;
  return new Proxy(secrets, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof name === "string" && !NOT_A_SECRET.has(name) && !Object.prototype.hasOwnProperty.call(target, name) && value === undefined) missing.add(name);
      return value;
    },
  });
}

/** The error message with the missing secrets named first, when the Action read any. */
function explainMissing(message, missing) {
  if (missing.size === 0) return message;
  const names = [...missing];
  const head = names.length === 1 ? `secret ${names[0]} is not set` : `secrets ${names.join(", ")} are not set`;
  return `${head} (the Action then failed: ${message})`;
}

module.exports = { watchSecrets, explainMissing };
