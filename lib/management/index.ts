// Auth0-compatible Management API (`/api/v2`) and the Authentication API endpoints Rekey serves
// (`/oauth/token` client credentials, `/dbconnections/change_password`): tokens, scopes, machine
// clients, Auth0's request and response shapes and error bodies. app/ route handlers stay thin.
export { MANAGEMENT_SCOPES, ADMIN_USERS_SCOPE, isManagementScope, assertScope, type ManagementScope } from "./scopes";
export {
  createMachineClient,
  assertMayGrant,
  listMachineClients,
  revokeMachineClient,
  seedMachineClient,
  machineClientInputSchema,
  type MachineClient,
  type MachineClientInput,
  type ClientGrantor,
} from "./clients";
export {
  issueClientCredentialsToken,
  verifyManagementToken,
  managementAudience,
  tokenRequestSchema,
  ACCESS_TOKEN_SECONDS,
  type ManagementPrincipal,
  type TokenResponse,
} from "./token";
export {
  toManagementError,
  managementErrorResponse,
  toOAuthError,
  oauthErrorResponse,
  validationError,
  type Auth0ErrorBody,
  type OAuthErrorBody,
} from "./errors";
export { managementEndpoint, parseBody, parseQuery, json, noContent, userIdParam, type EndpointSpec, type EndpointInput } from "./endpoint";
export {
  listUsers,
  listUsersQuerySchema,
  listUsersByEmail,
  usersByEmailQuerySchema,
  getUser,
  getUserQuerySchema,
  createUserFromApi,
  createUserBodySchema,
  updateUserFromApi,
  updateUserBodySchema,
  deleteUserFromApi,
  mergeMetadata,
} from "./users";
export { parseUserSearch } from "./search";
export { listLogsFromApi, listLogsQuerySchema, toAuth0Log } from "./logs";
export {
  listAuthenticationMethods,
  listAuthenticationMethodsQuerySchema,
  deleteAuthenticationMethods,
  deleteAuthenticationMethod,
  toAuthenticationMethod,
} from "./authentication-methods";
export { createTicketFromApi, passwordChangeTicketBodySchema } from "./tickets";
export { requestChangePasswordEmail, changePasswordRequestSchema, CHANGE_PASSWORD_SENT } from "./change-password";
export { handleTokenRequest, handleChangePasswordRequest } from "./http-handlers";
export { importUsersFromApi, exportUsersFromApi, getJobFromApi, getJobErrorsFromApi, listConnectionsFromApi, listConnectionsQuerySchema } from "./jobs";
export {
  listClientsFromApi,
  listClientsQuerySchema,
  getClientFromApi,
  getClientQuerySchema,
  createClientFromApi,
  createClientBodySchema,
  updateClientFromApi,
  updateClientBodySchema,
  deleteClientFromApi,
  rotateClientSecretFromApi,
  toAuth0Client,
} from "./clients-api";
export {
  listResourceServersFromApi,
  listResourceServersQuerySchema,
  getResourceServerFromApi,
  createResourceServerFromApi,
  createResourceServerBodySchema,
  updateResourceServerFromApi,
  updateResourceServerBodySchema,
  deleteResourceServerFromApi,
  toAuth0ResourceServer,
} from "./resource-servers-api";
export {
  listClientGrantsFromApi,
  listClientGrantsQuerySchema,
  getClientGrantFromApi,
  createClientGrantFromApi,
  createClientGrantBodySchema,
  updateClientGrantFromApi,
  updateClientGrantBodySchema,
  deleteClientGrantFromApi,
  toAuth0ClientGrant,
} from "./client-grants-api";
