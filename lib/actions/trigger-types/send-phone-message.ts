// send-phone-message (Auth0 `@auth0/actions/send-phone-message/v2`): lib/actions/events/README.md.
import type { CacheAPI, Configuration, Open, Secrets } from "../types";
import type { EventClient, EventRequest, EventTenant, EventUser } from "./shared";

export type SendPhoneMessageEvent = {
  client?: EventClient;
  message_options: {
    /** `enrollment` (adding a phone) or `second-factor-authentication` (a code at sign-in or reset). */
    action: "enrollment" | "second-factor-authentication";
    /** The one-time code the text carries. */
    code: string;
    /** Rekey: the language of the text (`en`). */
    language?: string;
    message_type: "sms" | "voice";
    /** E.164. */
    recipient: string;
    text: string;
  };
  request: Omit<EventRequest, "body" | "query">;
  tenant: EventTenant;
  user: EventUser;
  readonly configuration: Configuration;
  readonly secrets: Secrets;
} & Open;

export interface SendPhoneMessageAPI {
  readonly cache: CacheAPI;
}

/** The SMS provider: send `message_options.text` to `message_options.recipient`; a throw fails the send (retried). */
export interface SendPhoneMessageAction {
  (event: SendPhoneMessageEvent, api: SendPhoneMessageAPI): Promise<void> | void;
}
