/* eslint-disable @typescript-eslint/no-explicit-any -- Auth0's published types use `any` for open values; kept for compatibility. */
// post-login (Auth0 `@auth0/actions/post-login/v3`): lib/actions/events/README.md §post-login.
import type { CacheAPI, ChallengeWithOptions, Configuration, Dict, FactorSelector, Open, RiskAssessment, Secrets, SendUserToOptions, TokenCreationOptions, ValidateSessionTokenOptions } from "../types";
import type { EventClient, EventConnection, EventRequest, EventTenant, EventUser, UserMetadataAPI } from "./shared";

export type PostLoginEvent = {
  authentication?: {
    /** Completed methods: `{ name: "pwd" }` for the password, `{ name: "mfa" }` for a second factor, or a URL recorded by recordMethod. */
    methods: Array<{ name: string; timestamp: string } & Open>;
    riskAssessment?: RiskAssessment;
  } & Open;
  authorization?: { roles: string[] };
  client: EventClient;
  connection: EventConnection;
  organization?: { id: string; display_name: string; metadata: Dict; name: string } & Open;
  /** On `/continue` the query and posted parameters of the return. */
  request: EventRequest & { query: Open; body: Open };
  /** Rekey: undefined (an API's audience is not part of its sign-in yet). */
  resource_server?: { identifier: string };
  /** Only when the trigger runs for a refresh-token exchange. */
  refresh_token?: Open;
  session?: { id: string; created_at?: string; authenticated_at?: string; device?: Open } & Open;
  stats: { logins_count: number };
  tenant: EventTenant;
  transaction?: {
    acr_values: string[];
    id?: string;
    locale: string;
    login_hint?: string;
    prompt?: string[];
    /** `oidc-basic-profile` (authorization code flow), … */
    protocol?: string;
    redirect_uri?: string;
    requested_scopes: string[];
    response_mode?: string;
    response_type?: string[];
    state?: string;
    ui_locales: string[];
  } & Open;
  user: EventUser & {
    /** Rekey: every factor the user enrolled, as `{ type }`. */
    enrolledFactors?: Array<{ type: string; options?: Open } & Open>;
    /** Legacy Guardian enrolment names (`["guardian"]` once a factor is enrolled). */
    multifactor?: string[];
  };
  readonly configuration: Configuration;
  readonly secrets: Secrets;
} & Open;

export type MultifactorProvider = "any" | "none" | "guardian" | "google-authenticator" | "duo" | "rekey";

export interface PostLoginAPI {
  readonly access: {
    /** Ends the sign-in: the application gets `error=access_denied` with `reason` as its description. */
    deny(reason: string): PostLoginAPI;
  };
  readonly accessToken: {
    /** Ignored (as in Auth0) when the name is a protected OIDC / JWT claim. */
    setCustomClaim(name: string, value: unknown): PostLoginAPI;
    addScope(scope: string): PostLoginAPI;
    removeScope(scope: string): PostLoginAPI;
  };
  readonly idToken: {
    /** Ignored (as in Auth0) when the name is a protected OIDC / JWT claim. */
    setCustomClaim(name: string, value: unknown): PostLoginAPI;
  };
  readonly multifactor: {
    enable(provider: MultifactorProvider, options?: { allowRememberBrowser?: boolean; providerOptions?: Open }): PostLoginAPI;
  };
  readonly authentication: {
    challengeWith(factor: FactorSelector, options?: ChallengeWithOptions): void;
    challengeWithAny(factors: FactorSelector[]): void;
    enrollWith(factor: FactorSelector, options?: ChallengeWithOptions): void;
    enrollWithAny(factors: FactorSelector[]): void;
    /** Adds a custom method (a URL naming it) to `authentication.methods` / the `amr` of later sign-ins. */
    recordMethod(providerUrl: string): PostLoginAPI;
    /** Not supported (no account linking): throws. */
    setPrimaryUser(primaryUserId: string): void;
  };
  readonly redirect: {
    encodeToken(options: TokenCreationOptions): string;
    /** Sends the browser to `url` after this Action; it resumes in `onContinuePostLogin` through `/continue`. */
    sendUserTo(url: string, options?: SendUserToOptions): void;
    validateToken(options: ValidateSessionTokenOptions): any;
  };
  readonly user: UserMetadataAPI;
  readonly session: {
    /** Denies this sign-in and ends the user's sessions. */
    revoke(reason: string, options?: Open): PostLoginAPI;
  };
  readonly refreshToken: {
    revoke(reason: string): PostLoginAPI;
  };
  readonly prompt: { render(promptId: string, promptOptions?: Open): void };
  readonly rules: { wasExecuted(ruleId: string): boolean };
  readonly cache: CacheAPI;
}

/** `exports.onExecutePostLogin` and `exports.onContinuePostLogin`. */
export interface PostLoginAction {
  (event: PostLoginEvent, api: PostLoginAPI): Promise<void> | void;
}
