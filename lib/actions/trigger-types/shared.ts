/* eslint-disable @typescript-eslint/no-explicit-any -- Auth0's published types use `any` for open objects; kept for compatibility. */
// Pieces of Auth0's event objects that several of the newer triggers share.
import type { Dict, GeoIp, Open } from "../types";

export type EventClient = { client_id: string; metadata: Dict; name: string };
export type EventConnection = { id: string; metadata?: Dict; name: string; strategy: string };
export type EventTenant = { id: string };

/** The HTTP request that started the transaction. */
export type EventRequest = {
  body?: Open;
  geoip: GeoIp;
  hostname?: string;
  ip: string;
  language?: string;
  method: string;
  query?: Open;
  user_agent?: string;
};

/** A user as Auth0's events describe one (root attributes, metadata, identities). */
export type EventUser = {
  app_metadata: Open;
  created_at: string;
  email?: string;
  email_verified: boolean;
  family_name?: string;
  given_name?: string;
  last_password_reset?: string;
  name?: string;
  nickname?: string;
  phone_number?: string;
  phone_verified?: boolean;
  picture?: string;
  updated_at: string;
  user_id: string;
  user_metadata: Open;
  username?: string;
  identities: Array<{ connection?: string; isSocial?: boolean; profileData?: Dict; provider?: string; user_id?: string } & Open>;
} & Open;

/** Auth0's api.user metadata setters: the writes are applied once, after the trigger. `undefined` deletes. */
export interface UserMetadataAPI {
  setAppMetadata(name: string, value: any): any;
  setUserMetadata(name: string, value: any): any;
}
