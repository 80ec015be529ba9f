"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS by design: the sandbox runtime is started by path, without a TypeScript loader. */
// The `api` of credentials-exchange Actions (Auth0 CredentialsExchangeAPI): deny the client
// credentials grant with an OAuth error code, or add claims to the access token.
const { createCacheApi } = require("../cache-api.cjs");
const { jsonValue, MAX_REASON_LENGTH } = require("../api-helpers.cjs");

const DENY_CODES = ["invalid_scope", "invalid_request", "server_error"];

module.exports = function createCredentialsExchangeApi(ctx) {
  const self = {};
  Object.assign(self, {
    access: Object.freeze({
      deny(code, reason) {
        if (!DENY_CODES.includes(code)) throw new TypeError(`api.access.deny: the code is one of ${DENY_CODES.join(", ")}.`);
        ctx.command({ type: "access.deny", code, reason: (reason === undefined || reason === null ? "" : String(reason)).slice(0, MAX_REASON_LENGTH) });
        return self;
      },
    }),
    accessToken: Object.freeze({
      setCustomClaim(name, value) {
        if (typeof name !== "string" || name.length === 0) throw new TypeError("api.accessToken.setCustomClaim: the claim name must be a non-empty string.");
        ctx.command({ type: "accessToken.setCustomClaim", name, value: jsonValue(value, "api.accessToken.setCustomClaim") });
        return self;
      },
    }),
    cache: createCacheApi(ctx),
  });
  return Object.freeze(self);
};
