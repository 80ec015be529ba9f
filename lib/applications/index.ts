// Applications that sign users in through Rekey (Auth0's clients). Safe for Next's bundles: the
// OpenID Provider itself lives in lib/oidc and reads applications through this folder.
export { createApplication, findApplication, openApplicationSecret, rotateApplicationSecret, type Application } from "./applications";
export { applicationInputSchema, redirectUrlProblem, APP_TYPES, ID_TOKEN_ALGS, type AppType, type ApplicationInput } from "./schemas";
export { seedApplications } from "./seed";
