// Applications that sign users in through Rekey (Auth0's clients), their grants on APIs (Auth0's
// client grants), and the APIs themselves (resource servers). Safe for Next's bundles: the OpenID
// Provider itself lives in lib/oidc and reads applications through this folder.
export {
  createApplication,
  findApplication,
  listApplications,
  updateApplication,
  deleteApplication,
  openApplicationSecret,
  applicationSecretMatches,
  rotateApplicationSecret,
  sealedSecretFor,
  type Application,
} from "./applications";
export {
  MANAGEMENT_GRANT_AUDIENCE,
  setClientGrant,
  createClientGrant,
  findClientGrant,
  updateClientGrantScope,
  deleteClientGrant,
  grantedScopes,
  listClientGrants,
  pageClientGrants,
  deleteGrantsForAudience,
  type ClientGrant,
} from "./grants";
export {
  applicationInputSchema,
  applicationPatchSchema,
  applicationUrlProblems,
  redirectUrlProblem,
  APP_TYPES,
  GRANT_TYPES,
  TOKEN_ENDPOINT_AUTH_METHODS,
  ID_TOKEN_ALGS,
  type AppType,
  type ApplicationInput,
  type ApplicationPatch,
} from "./schemas";
export {
  createResourceServer,
  listResourceServers,
  findResourceServer,
  updateResourceServer,
  deleteResourceServer,
  apiScopesOf,
  apiAccessFor,
  grantApiToApplication,
  resourceServerCreateSchema,
  resourceServerUpdateSchema,
  type ResourceServer,
  type ResourceServerCreate,
  type ResourceServerUpdate,
  type ApiScope,
} from "./resource-servers";
export { seedApplications } from "./seed";
