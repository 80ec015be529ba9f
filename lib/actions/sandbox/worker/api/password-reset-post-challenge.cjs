"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS by design: the sandbox runtime is started by path, without a TypeScript loader. */
// The `api` of password-reset-post-challenge Actions (Auth0 PasswordResetPostChallengeAPI, spec
// §1.3). Methods that change the reset record a command (see ./post-change-password.cjs for the
// contract); the host applies them after the execution (lib/reset/post-challenge). Arguments are
// checked here, where the author's stack trace still points at the call: a wrong factor or URL
// throws, which fails the execution and so the reset (closed), as Auth0's codecs do.
const { createCacheApi } = require("../cache-api.cjs");
const { absoluteUrl, createRedirectApi, factorMethods, MAX_REASON_LENGTH } = require("../api-helpers.cjs");

/** @param {{ event: any, command: (c: object) => void, cacheSnapshot?: object, now?: () => number }} ctx */
module.exports = function createPasswordResetPostChallengeApi(ctx) {
  const access = Object.freeze({
    deny(reason) {
      const text = reason === undefined || reason === null ? "" : String(reason);
      ctx.command({ type: "access.deny", reason: text.slice(0, MAX_REASON_LENGTH) });
    },
  });

  const authentication = Object.freeze(factorMethods(ctx, "challenge"));

  const redirect = createRedirectApi(ctx, { onSend: (url) => ctx.command({ type: "redirect.sendUserTo", url }) });

  const prompt = Object.freeze({
    render() {
      // Failing closed: silently ignoring a prompt an Action relies on would skip its check.
      throw new Error("api.prompt.render is not supported by Rekey: custom prompts cannot be shown during a password reset. Use api.redirect.sendUserTo to collect input on your own page.");
    },
  });

  const transaction = Object.freeze({
    setResultUrl(url, options) {
      ctx.command({ type: "transaction.setResultUrl", url: absoluteUrl(url, options, "api.transaction.setResultUrl") });
    },
  });

  return Object.freeze({ access, authentication, redirect, cache: createCacheApi(ctx), prompt, transaction });
};
