/** The triggers Rekey runs Actions at (Auth0 trigger ids), and what each accepts. */
export const TRIGGERS = {
  "post-change-password": {
    /** Named exports of an Action for this trigger; the first is the one every Action must have. */
    exports: ["onExecutePostChangePassword"],
    /** Legacy Hooks (`module.exports = function (user, context, cb)`) run here too, before the Actions. */
    hooks: true,
    /** The in-sandbox api builder (lib/actions/sandbox/worker/api/<apiKind>.cjs). */
    apiKind: "post-change-password",
    maxActions: undefined as number | undefined,
  },
  "password-reset-post-challenge": {
    exports: ["onExecutePostChallenge", "onContinuePostChallenge"],
    hooks: false,
    apiKind: "password-reset-post-challenge",
    /** Auth0 allows four Actions on this trigger. */
    maxActions: 4 as number | undefined,
  },
  "post-login": {
    exports: ["onExecutePostLogin", "onContinuePostLogin"],
    hooks: false,
    apiKind: "post-login",
    maxActions: undefined as number | undefined,
  },
  "pre-user-registration": {
    exports: ["onExecutePreUserRegistration"],
    hooks: false,
    apiKind: "pre-user-registration",
    maxActions: undefined as number | undefined,
  },
  "post-user-registration": {
    exports: ["onExecutePostUserRegistration"],
    hooks: false,
    apiKind: "post-user-registration",
    maxActions: undefined as number | undefined,
  },
  "send-phone-message": {
    exports: ["onExecuteSendPhoneMessage"],
    hooks: false,
    apiKind: "send-phone-message",
    maxActions: undefined as number | undefined,
  },
  "credentials-exchange": {
    exports: ["onExecuteCredentialsExchange"],
    hooks: false,
    apiKind: "credentials-exchange",
    maxActions: undefined as number | undefined,
  },
} as const;

export type Trigger = keyof typeof TRIGGERS;
export const TRIGGER_IDS = Object.keys(TRIGGERS) as Trigger[];

export function isTrigger(value: string): value is Trigger {
  return Object.hasOwn(TRIGGERS, value);
}

/** File extensions picked up under actions/<trigger>/. */
export const ACTION_EXTENSIONS = [".js", ".cjs", ".mjs", ".ts"] as const;
