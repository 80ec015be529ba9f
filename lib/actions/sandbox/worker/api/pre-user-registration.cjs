"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS by design: the sandbox runtime is started by path, without a TypeScript loader. */
// The `api` of pre-user-registration Actions (Auth0 PreUserRegistrationAPI): deny the sign-up with
// a message for the user, or set metadata the new user is created with (lib/actions/pre-user-registration.ts).
const { createCacheApi } = require("../cache-api.cjs");
const { chained, metadataMethods, MAX_REASON_LENGTH } = require("../api-helpers.cjs");

const text = (value) => (value === undefined || value === null ? "" : String(value)).slice(0, MAX_REASON_LENGTH);

module.exports = function createPreUserRegistrationApi(ctx) {
  const self = {};
  const chain = (fn) => chained(self, fn);
  const metadata = metadataMethods(ctx);
  Object.assign(self, {
    access: Object.freeze({
      /** `reason` goes to the tenant log; `userMessage` is shown on the sign-up page. */
      deny: chain((reason, userMessage) => ctx.command({ type: "access.deny", reason: text(reason), userMessage: text(userMessage) })),
    }),
    user: Object.freeze({
      setAppMetadata: chain(metadata.setAppMetadata),
      setUserMetadata: chain(metadata.setUserMetadata),
    }),
    validation: Object.freeze({
      error: chain((errorCode, userMessage) => ctx.command({ type: "validation.error", errorCode: text(errorCode), userMessage: text(userMessage) })),
    }),
    cache: createCacheApi(ctx),
  });
  return Object.freeze(self);
};
