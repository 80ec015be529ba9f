"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS by design: the sandbox runtime is started by path, without a TypeScript loader. */
// The `api` of post-user-registration Actions: only api.cache, as in Auth0 (the same as post-change-password's).
module.exports = require("./post-change-password.cjs");
