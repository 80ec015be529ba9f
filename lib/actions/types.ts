/* eslint-disable @typescript-eslint/no-explicit-any -- Auth0's published types use `any` for open objects; kept for compatibility. */
// The types Action authors import, as `rekey/actions` (tsconfig paths):
//
//   /** @type {import('rekey/actions').PostChangePasswordAction} */
//   exports.onExecutePostChangePassword = async (event, api) => { … };
//
// They follow Auth0's published `@auth0/actions` types (post-change-password v2,
// password-reset-post-challenge v1; see shared/spec/auth0-actions.md §0–§3), so code typed against
// Auth0 type-checks here. Rekey's additions are marked "Rekey:".

import type { EventUser } from "./trigger-types/shared";

export type Dict = { [key: string]: string };
export type Open = { [additionalProperties: string]: any };

// ---------------------------------------------------------------------------------------------
// Shared

/** Secret values of the Action, from the environment (see actions/README.md). */
export interface Secrets {
  [secretName: string]: string;
}

/** @private Configuration values associated with this Action (always `{}`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Auth0's published type, kept as is.
export interface Configuration {}

export type CacheWriteErrorCode =
  | "MaxSideEffectsExceeded"
  | "CacheKeySizeExceeded"
  | "CacheValueSizeExceeded"
  | "CacheSizeExceeded"
  | "ItemAlreadyExpired"
  | "InvalidExpiry"
  | "FailedToSetCacheRecord"
  | "FailedToDeleteCacheRecord"
  | "CacheKeyDoesNotExist";

/** Details about a cached value. */
export interface CacheRecord {
  value: string;
  /** Expiry time in milliseconds since the Unix epoch. */
  expires_at: number;
}

export interface CacheWriteSuccess {
  type: "success";
  record: CacheRecord;
}
export interface CacheWriteError {
  type: "error";
  code: CacheWriteErrorCode;
}
export type CacheWriteResult = CacheWriteSuccess | CacheWriteError;
export interface CacheDeleteSuccess {
  type: "success";
}
export type CacheDeleteResult = CacheDeleteSuccess | CacheWriteError;

export interface CacheSetOptions {
  /** Absolute expiry, ms since the epoch. With `ttl` too, the earlier expiry wins. */
  expires_at?: number;
  /** Lifetime in ms. @default 900000 (15 minutes); at most 24 hours. */
  ttl?: number;
}

/**
 * Short-lived data shared by every execution of one trigger (≤ 20 entries, key ≤ 64 bytes,
 * value ≤ 4 KB, 8 KB in all). Best effort: an entry may be gone before it expires.
 */
export interface CacheAPI {
  /** Deletes the record at `key` if it exists. */
  delete(key: string): CacheDeleteResult;
  /** The record at `key`, or undefined. */
  get(key: string): CacheRecord | undefined;
  /** Stores `value` at `key` (15 minutes unless `ttl` / `expires_at` say otherwise). */
  set(key: string, value: string, options?: CacheSetOptions): CacheWriteResult;
}

export type GeoIp = {
  cityName?: string;
  continentCode?: string;
  countryCode?: string;
  countryCode3?: string;
  countryName?: string;
  latitude?: number;
  longitude?: number;
  subdivisionCode?: string;
  subdivisionName?: string;
  timeZone?: string;
} & Open;

/** Supplemental risk signals (Akamai); Rekey does not produce them. */
export type RiskAssessment = {
  supplemental?: {
    akamai?: {
      akamaiBot?: {
        type?: string;
        action?: string;
        botCategory?: string[];
        botScore?: number;
        botScoreResponseSegment?: string;
        botnetId?: string;
      };
      akamaiUserRisk?: {
        action?: string;
        allow?: number;
        emailDomain?: string;
        general?: Open;
        ouid?: string;
        requestid?: string;
        risk?: Open;
        score?: number;
        status?: number;
        trust?: Open;
        username?: string;
        uuid?: string;
      };
    };
  };
};

/** Rekey: which delivery and attempt an execution belongs to (post-change-password). */
export interface Delivery {
  /** Stable across retries of the same password change: use it as an idempotency key. */
  id: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
}

/** Rekey: per-file options, exported as `exports.rekey = { maxAttempts: 1 }`. */
export interface ActionOptions {
  /** Most executions of this file per delivery, retries included; 1 = never retried. */
  maxAttempts?: number;
}

// ---------------------------------------------------------------------------------------------
// post-change-password (v2)

export type PostChangePasswordEvent = {
  authentication?: { riskAssessment?: RiskAssessment };
  connection: {
    id: string;
    metadata?: Dict;
    name: string;
    /** `auth0` for database connections. */
    strategy: string;
  };
  custom_domain?: { domain: string; domain_metadata: Dict };
  /** The request that changed the password. No `query`, no `body`. */
  request: {
    geoip: GeoIp;
    hostname?: string;
    ip: string;
    language?: string;
    method: string;
    user_agent?: string;
  };
  tenant: {
    /** The tenant name (TENANT_NAME). */
    id: string;
  };
  transaction?: {
    /** Rekey: the delivery id, the same on every retry. */
    correlation_id?: string;
  };
  user: {
    email?: string;
    email_verified?: boolean;
    last_password_reset?: string;
    phone_number?: string;
    phone_verified?: boolean;
    /** `auth0|<id>` */
    user_id?: string;
    username?: string;
    /** The id without the `auth0|` prefix, as in Auth0's sample event and legacy Hooks. */
    id?: string;
  };
  /** @private Always `{}`. */
  configuration: Configuration;
  secrets: Secrets;
  /** Rekey: the delivery this execution belongs to. */
  delivery?: Delivery;
} & Open;

/** Methods of the post-change-password `api`: only the cache. */
export interface PostChangePasswordAPI {
  readonly cache: CacheAPI;
}

/** `exports.onExecutePostChangePassword`. Its return value is ignored; a throw marks the execution failed. */
export interface PostChangePasswordAction {
  (event: PostChangePasswordEvent, api: PostChangePasswordAPI): Promise<void> | void;
}

// ---------------------------------------------------------------------------------------------
// password-reset-post-challenge (v1)

export type FactorSelector =
  | { type: "otp" | "email" | "webauthn-platform" | "webauthn-roaming" | "recovery-code"; options?: { [key: string]: unknown } }
  | { type: "phone"; options?: { preferredMethod?: "sms" | "voice" | "both" } }
  | { type: "push" | "push-notification"; options?: { otpFallback?: boolean } };

export interface ChallengeWithOptions {
  additionalFactors?: FactorSelector[];
}

export type PasswordResetPostChallengeEvent = {
  authentication: {
    /** Completed methods: `{ name: "email" }` for the reset link, `{ name: "mfa" }` for each factor passed. */
    methods: Array<{ name: string; timestamp: string } & Open>;
    riskAssessment?: RiskAssessment;
  } & Open;
  authorization: { roles: string[] };
  client: { client_id: string; metadata: Dict; name: string };
  connection: { id: string; metadata?: Dict; name: string; strategy: string };
  custom_domain?: { domain: string; domain_metadata: Dict };
  organization?: ({ id: string; display_name: string; metadata: Dict; name: string } & Open);
  /** Data collected from a rendered custom prompt. */
  prompt?: { id: string; fields?: Open; vars?: Open };
  request: {
    /** On `/continue`: the posted parameters. */
    body: Open;
    geoip: GeoIp;
    hostname?: string;
    ip: string;
    language?: string;
    method: string;
    /** On `/continue`: the query parameters. */
    query: Open;
    user_agent?: string;
  };
  stats: { logins_count: number };
  tenant: { id: string };
  transaction: {
    correlation_id?: string;
    locale: string;
    login_hint?: string;
    /** The application's OAuth state, not the redirect's. */
    state?: string;
    ui_locales: string[];
  } & Open;
  user: EventUser & {
    /** `[]`: none enrolled; undefined: unknown. */
    enrolledFactors?: Array<{ type: string; options?: Open } & Open>;
  };
  /** @private Always `{}`. */
  readonly configuration: Configuration;
  readonly secrets: Secrets;
} & Open;

export interface TokenCreationOptions {
  /** @default 900 (15 minutes) */
  expiresInSeconds?: number;
  /** Claims for the redirect target; signed, not encrypted. */
  payload: { [key: string]: unknown };
  /** HS256 secret shared with the redirect target; keep it in `event.secrets`. */
  secret: string;
}

export interface ValidateSessionTokenOptions {
  secret: string;
  /** @default "session_token" */
  tokenParameterName?: string;
}

export interface SendUserToOptions {
  query?: { [param: string]: string };
}

export interface PasswordResetPostChallengeAPI {
  readonly access: {
    /** Ends the reset after this Action; no later Action runs. `reason` may be shown to the user. */
    deny(reason: string): void;
  };
  readonly authentication: {
    /** Requires one factor (or any of `additionalFactors`) before the next Action runs. */
    challengeWith(factor: FactorSelector, options?: ChallengeWithOptions): void;
    /** Lets the user pick any one of `factors`. */
    challengeWithAny(factors: FactorSelector[]): void;
  };
  readonly redirect: {
    /** An HS256 JWT carrying `payload` for the redirect target. */
    encodeToken(options: TokenCreationOptions): string;
    /** Sends the browser to `url` after this Action; it resumes in `onContinuePostChallenge`. */
    sendUserTo(url: string, options?: SendUserToOptions): void;
    /** The verified payload of the token sent back to `/continue`; throws when invalid. */
    validateToken(options: ValidateSessionTokenOptions): any;
  };
  readonly cache: CacheAPI;
  readonly prompt: {
    render(promptId: string, promptOptions?: { fields?: Open; vars?: Open }): void;
  };
  readonly transaction: {
    /** Where the user lands after the reset. */
    setResultUrl(url: string, options?: { query?: Record<string, string> }): void;
  };
}

/** `exports.onExecutePostChallenge` and `exports.onContinuePostChallenge`. */
export interface PasswordResetPostChallengeAction {
  (event: PasswordResetPostChallengeEvent, api: PasswordResetPostChallengeAPI): Promise<void> | void;
}

// ---------------------------------------------------------------------------------------------
// Legacy Hooks (post-change-password only)

/** The `user` of a post-change-password Hook. */
export interface HookUser {
  /** The id without the `auth0|` prefix. */
  id: string;
  username?: string;
  email?: string;
  /** ISO date of this password change. */
  last_password_reset?: string;
}

/** The `context` of a post-change-password Hook. */
export interface HookContext {
  connection: { id: string; name: string; tenant: string };
  webtask: { secrets: Secrets };
  /** Rekey: the delivery this execution belongs to. */
  delivery?: Delivery;
}

/** Call once: `cb()` on success, `cb(error)` to record a failure (log type fcph). */
export type HookCallback = (error?: unknown, result?: unknown) => void;

/** `module.exports = function (user, context, cb) { … cb(); }` */
export interface Hook {
  (user: HookUser, context: HookContext, cb: HookCallback): void;
}

// ---------------------------------------------------------------------------------------------
// The other triggers, one file each (contract: lib/actions/events/README.md)

export type * from "./trigger-types/shared";
export type * from "./trigger-types/post-login";
export type * from "./trigger-types/pre-user-registration";
export type * from "./trigger-types/post-user-registration";
export type * from "./trigger-types/send-phone-message";
export type * from "./trigger-types/credentials-exchange";
