// pre-user-registration (Auth0 `@auth0/actions/pre-user-registration/v2`): lib/actions/events/README.md.
import type { CacheAPI, Configuration, Open, Secrets } from "../types";
import type { EventClient, EventConnection, EventRequest, EventTenant, UserMetadataAPI } from "./shared";

export type PreUserRegistrationEvent = {
  client?: EventClient;
  connection: EventConnection;
  request: EventRequest;
  tenant: EventTenant;
  transaction?: { locale: string; ui_locales: string[] } & Open;
  /** The user about to be created: no user_id yet. */
  user: {
    app_metadata: Open;
    email?: string;
    family_name?: string;
    given_name?: string;
    name?: string;
    nickname?: string;
    phone_number?: string;
    picture?: string;
    user_metadata: Open;
    username?: string;
  } & Open;
  readonly configuration: Configuration;
  readonly secrets: Secrets;
} & Open;

export interface PreUserRegistrationAPI {
  readonly access: {
    /** Refuses the sign-up. `reason` goes to the tenant log; `userMessage` is shown on the sign-up page. */
    deny(reason: string, userMessage?: string): PreUserRegistrationAPI;
  };
  readonly user: UserMetadataAPI;
  readonly validation: {
    /** Refuses the sign-up as invalid input; `userMessage` is shown. */
    error(errorCode: string, userMessage: string): PreUserRegistrationAPI;
  };
  readonly cache: CacheAPI;
}

export interface PreUserRegistrationAction {
  (event: PreUserRegistrationEvent, api: PreUserRegistrationAPI): Promise<void> | void;
}
