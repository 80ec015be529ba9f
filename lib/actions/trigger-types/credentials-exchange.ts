// credentials-exchange (Auth0 `@auth0/actions/credentials-exchange/v2`): lib/actions/events/README.md.
import type { CacheAPI, Configuration, Open, Secrets } from "../types";
import type { EventClient, EventRequest, EventTenant } from "./shared";

export type CredentialsExchangeEvent = {
  accessToken: { customClaims: Open; scope: string[] };
  client: EventClient;
  request: Omit<EventRequest, "query"> & { body: Open };
  resource_server: { identifier: string };
  tenant: EventTenant;
  transaction: { requested_scopes: string[] } & Open;
  readonly configuration: Configuration;
  readonly secrets: Secrets;
} & Open;

export interface CredentialsExchangeAPI {
  readonly access: {
    /** Refuses the token: the client gets HTTP 400/500 with `error: code`, `error_description: reason`. */
    deny(code: "invalid_scope" | "invalid_request" | "server_error", reason: string): CredentialsExchangeAPI;
  };
  readonly accessToken: {
    /** Ignored (as in Auth0) when the name is a protected claim. */
    setCustomClaim(name: string, value: unknown): CredentialsExchangeAPI;
  };
  readonly cache: CacheAPI;
}

export interface CredentialsExchangeAction {
  (event: CredentialsExchangeEvent, api: CredentialsExchangeAPI): Promise<void> | void;
}
