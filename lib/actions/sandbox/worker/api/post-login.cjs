"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS by design: the sandbox runtime is started by path, without a TypeScript loader. */
// The `api` of post-login Actions (Auth0 PostLoginAPI, lib/actions/events/README.md §post-login).
// Every method records a command (see ./post-change-password.cjs for the contract); the host
// (lib/actions/post-login.ts) folds the commands of all the Actions into one result that the
// sign-in applies. Arguments are checked here, where the author's stack trace points at the call.
const { createCacheApi } = require("../cache-api.cjs");
const { chained, createRedirectApi, factorMethods, isObject, jsonValue, metadataMethods, MAX_REASON_LENGTH } = require("../api-helpers.cjs");

/** Auth0's multifactor.enable providers. */
const MFA_PROVIDERS = ["any", "none", "guardian", "google-authenticator", "duo", "rekey"];
const MAX_CLAIM_NAME = 256;

function claimName(name, where) {
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_CLAIM_NAME) {
    throw new TypeError(`${where}: the claim name must be a non-empty string of at most ${MAX_CLAIM_NAME} characters.`);
  }
  return name;
}

function reasonText(reason) {
  return (reason === undefined || reason === null ? "" : String(reason)).slice(0, MAX_REASON_LENGTH);
}

function scope(value, where) {
  if (typeof value !== "string" || !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(value)) throw new TypeError(`${where}: a scope is one non-empty token without spaces.`);
  return value;
}

/** @param {{ event: any, command: (c: object) => void, cacheSnapshot?: object, now?: () => number }} ctx */
module.exports = function createPostLoginApi(ctx) {
  const self = {};
  const chain = (fn) => chained(self, fn);

  const access = Object.freeze({ deny: chain((reason) => ctx.command({ type: "access.deny", reason: reasonText(reason) })) });

  const idToken = Object.freeze({
    setCustomClaim: chain((name, value) => {
      const where = "api.idToken.setCustomClaim";
      ctx.command({ type: "idToken.setCustomClaim", name: claimName(name, where), value: jsonValue(value, where) });
    }),
  });

  const accessToken = Object.freeze({
    setCustomClaim: chain((name, value) => {
      const where = "api.accessToken.setCustomClaim";
      ctx.command({ type: "accessToken.setCustomClaim", name: claimName(name, where), value: jsonValue(value, where) });
    }),
    addScope: chain((value) => ctx.command({ type: "accessToken.addScope", scope: scope(value, "api.accessToken.addScope") })),
    removeScope: chain((value) => ctx.command({ type: "accessToken.removeScope", scope: scope(value, "api.accessToken.removeScope") })),
  });

  const multifactor = Object.freeze({
    enable: chain((provider, options) => {
      const where = "api.multifactor.enable";
      if (!MFA_PROVIDERS.includes(provider)) throw new TypeError(`${where}: the provider is one of ${MFA_PROVIDERS.join(", ")}.`);
      if (options !== undefined && !isObject(options)) throw new TypeError(`${where}: the options must be an object such as { allowRememberBrowser: false }.`);
      const allow = options && options.allowRememberBrowser;
      if (allow !== undefined && typeof allow !== "boolean") throw new TypeError(`${where}: allowRememberBrowser is a boolean.`);
      ctx.command({ type: "multifactor.enable", provider, allowRememberBrowser: allow === true });
    }),
  });

  const authentication = Object.freeze({
    ...factorMethods(ctx, "challenge"),
    ...factorMethods(ctx, "enroll"),
    recordMethod: chain((url) => {
      let parsed;
      try {
        parsed = new URL(String(url));
      } catch {
        throw new TypeError("api.authentication.recordMethod: the method is an absolute URL that names it.");
      }
      ctx.command({ type: "authentication.recordMethod", url: parsed.href.slice(0, 2048) });
    }),
    setPrimaryUser() {
      throw new Error("api.authentication.setPrimaryUser is not supported by Rekey: it has no account linking.");
    },
  });

  const redirect = createRedirectApi(ctx, { onSend: (url) => ctx.command({ type: "redirect.sendUserTo", url }) });

  const metadata = metadataMethods(ctx);
  const user = Object.freeze({ setAppMetadata: chain(metadata.setAppMetadata), setUserMetadata: chain(metadata.setUserMetadata) });

  const session = Object.freeze({ revoke: chain((reason) => ctx.command({ type: "session.revoke", reason: reasonText(reason) })) });
  const refreshToken = Object.freeze({ revoke: chain((reason) => ctx.command({ type: "refreshToken.revoke", reason: reasonText(reason) })) });

  const prompt = Object.freeze({
    render() {
      // Failing closed: silently ignoring a prompt an Action relies on would skip its check.
      throw new Error("api.prompt.render is not supported by Rekey. Use api.redirect.sendUserTo to collect input on your own page.");
    },
  });

  // Rules are retired and never ran here.
  const rules = Object.freeze({ wasExecuted: () => false });

  Object.assign(self, { access, idToken, accessToken, multifactor, authentication, redirect, user, session, refreshToken, prompt, rules, cache: createCacheApi(ctx) });
  return Object.freeze(self);
};
