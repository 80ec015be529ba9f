"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS by design: the sandbox runtime is started by path, without a TypeScript loader. */
// The `api` of post-change-password Actions (Auth0 PostChangePasswordAPI): only api.cache.
// Every file in this folder is named after an apiKind and exports one function that builds the
// api object for an execution from the context the sandbox gives it (see ../entry.cjs):
//   { event, exportName, cacheSnapshot, command(c), now() }
// Methods record what the Action asked for by calling command({ type: "<area>.<method>", ... });
// the host applies the commands after the execution. A new trigger adds one file here.
const { createCacheApi } = require("../cache-api.cjs");

module.exports = function createPostChangePasswordApi(ctx) {
  return Object.freeze({ cache: createCacheApi(ctx) });
};
