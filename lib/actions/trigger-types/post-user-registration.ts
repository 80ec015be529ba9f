// post-user-registration (Auth0 `@auth0/actions/post-user-registration/v2`): lib/actions/events/README.md.
import type { CacheAPI, Configuration, Delivery, Open, Secrets } from "../types";
import type { EventConnection, EventRequest, EventTenant, EventUser } from "./shared";

export type PostUserRegistrationEvent = {
  connection: EventConnection;
  request?: Omit<EventRequest, "body" | "query">;
  tenant: EventTenant;
  transaction?: { correlation_id?: string } & Open;
  user: EventUser;
  readonly configuration: Configuration;
  readonly secrets: Secrets;
  /** Rekey: the delivery this execution belongs to (the same id on every retry). */
  delivery?: Delivery;
} & Open;

export interface PostUserRegistrationAPI {
  readonly cache: CacheAPI;
}

/** Runs after the sign-up committed, asynchronously, retried on failure; it cannot change the sign-up. */
export interface PostUserRegistrationAction {
  (event: PostUserRegistrationEvent, api: PostUserRegistrationAPI): Promise<void> | void;
}
