/**
 * A message by its catalog ID (messages/en.json) and values: what a page says in its own language.
 * English stays in `message` and `fields`, which the JSON APIs answer with.
 */
export type MessageRef = { id: string; values?: Record<string, string | number> };

/**
 * The one error type the domain throws on purpose. `message` is public (shown to people and API
 * clients); `detail` is for the server log only and never leaves the process.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly detail?: string;
  /** Field name → message, for forms that show errors next to the field. */
  readonly fields?: Record<string, string>;
  /** Extra public data (e.g. the password rules that failed, a retry-after). */
  readonly data?: Record<string, unknown>;
  /**
   * The catalog ID of `message`: the code's own (`errors.<CODE>`) when no message was given, so a
   * page in the browser says it in its language without carrying the English of every code to
   * compare; another catalog message's; none for words written in place (an Action's reason).
   */
  readonly messageId?: MessageRef;
  /** The catalog IDs of the field messages that have one. */
  readonly fieldIds?: Record<string, MessageRef>;

  constructor(
    code: ErrorCode,
    message?: string,
    options: {
      detail?: string;
      fields?: Record<string, string>;
      data?: Record<string, unknown>;
      status?: number;
      messageId?: MessageRef;
      fieldIds?: Record<string, MessageRef>;
    } = {},
  ) {
    const entry = ERROR_CODES[code];
    super(message ?? entry.message);
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? entry.status;
    this.detail = options.detail;
    this.fields = options.fields;
    this.data = options.data;
    this.messageId = options.messageId ?? (message === undefined ? { id: `errors.${code}` } : undefined);
    this.fieldIds = options.fieldIds;
  }
}

/** Stable codes: the UI and API clients switch on these, never on message text. */
export const ERROR_CODES = {
  INVALID_INPUT: { status: 400, message: "Some fields are missing or not valid." },
  INVALID_JSON: { status: 400, message: "The request body is not valid JSON." },
  PAYLOAD_TOO_LARGE: { status: 413, message: "The request is too large." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Send the request as JSON or a form." },
  INVALID_CREDENTIALS: { status: 401, message: "Wrong email or password." },
  USER_BLOCKED: { status: 401, message: "Wrong email or password." },
  UNAUTHENTICATED: { status: 401, message: "Please sign in." },
  FORBIDDEN: { status: 403, message: "You are not allowed to do that." },
  CSRF_FAILED: { status: 403, message: "The form expired. Reload the page and try again." },
  NOT_FOUND: { status: 404, message: "Not found." },
  METHOD_NOT_ALLOWED: { status: 405, message: "Method not allowed." },
  ACTION_UNAVAILABLE: { status: 409, message: "This form is out of date. Reload the page and try again." },
  SIGNUP_DISABLED: { status: 403, message: "Sign-up is disabled." },
  USER_EXISTS: { status: 409, message: "An account with this email or username already exists." },
  SIGNUP_DENIED: { status: 403, message: "This account cannot be created." },
  SIGNUP_FAILED: { status: 500, message: "The account could not be created because of an error on our side. Please try again later." },
  CONFLICT: { status: 409, message: "This conflicts with something that already exists." },
  PASSWORD_POLICY: { status: 400, message: "The password does not meet the policy." },
  PASSWORD_MISMATCH: { status: 400, message: "The passwords do not match." },
  WRONG_CURRENT_PASSWORD: { status: 400, message: "The current password is wrong." },
  RATE_LIMITED: { status: 429, message: "Too many attempts. Try again later." },
  PROOF_REQUIRED: { status: 401, message: "There have been many attempts to sign in to this account. Confirm it is you to continue." },
  SIGN_IN_EXPIRED: { status: 410, message: "This sign-in expired or was already used. Sign in again." },
  RESET_LINK_INVALID: { status: 400, message: "This reset link is not valid. Check that you copied the whole link, or ask for a new one." },
  RESET_LINK_USED: { status: 410, message: "This reset link was already used. Ask for a new one if you still need to reset your password." },
  RESET_LINK_EXPIRED: { status: 410, message: "This reset link has expired. Ask for a new one." },
  RESET_LINK_SUPERSEDED: { status: 410, message: "A newer reset link was sent. Use the link in the most recent email." },
  RESET_LINK_REVOKED: { status: 410, message: "This reset link was cancelled because the account changed after it was sent: its password or its email address. Ask for a new one if you still need it." },
  RESET_USER_BLOCKED: { status: 403, message: "This account is blocked, so its password cannot be reset. Contact support." },
  RESET_WRONG_BROWSER: { status: 403, message: "This reset continues in the browser where the email link was opened. Open it there, or start again here." },
  RESET_NOT_FOUND: { status: 404, message: "There is no password reset in progress in this browser." },
  RESET_FLOW_STATE: { status: 409, message: "This step of the reset is not available now." },
  RESET_FLOW_INVALID: { status: 409, message: "This password reset cannot continue. Nothing was changed. Start a new password reset." },
  RESET_DENIED: { status: 403, message: "The password reset was refused." },
  RESET_FAILED: { status: 500, message: "The password reset could not continue because of an error on our side. Nothing was changed. Please try again later." },
  RESET_NO_FACTOR: { status: 403, message: "This password reset needs a second factor that is not set up on your account. Nothing was changed. Contact support to reset your password." },
  RESET_CONTINUE_INVALID: { status: 400, message: "The way back from the verification step is not valid or was already used. Nothing was changed. Start the password reset again." },
  RESET_CONTINUE_EXPIRED: { status: 410, message: "The verification step took too long. Nothing was changed. Start the password reset again." },
  RESET_CODE_INVALID: { status: 400, message: "That code is not right. Check the email and try again." },
  RESET_CODE_ATTEMPTS: { status: 429, message: "Too many wrong codes. Use the link in the email, or ask for a new one." },
  REAUTH_REQUIRED: { status: 401, message: "Confirm your password to change how you sign in." },
  FACTOR_NOT_FOUND: { status: 404, message: "That sign-in method is not set up." },
  FACTOR_EXISTS: { status: 409, message: "This method is already set up. Remove it first to set it up again." },
  FACTOR_NOT_ALLOWED: { status: 403, message: "This method cannot be used for this step. Choose another one." },
  FACTOR_CODE_INVALID: { status: 400, message: "That code is not right." },
  FACTOR_CODE_ATTEMPTS: { status: 429, message: "Too many wrong codes. Ask for a new code, or use another method." },
  FACTOR_CODE_EXPIRED: { status: 410, message: "This code has expired or was already used. Ask for a new one." },
  SMS_COUNTRY_NOT_ALLOWED: { status: 400, message: "Text messages cannot be sent to numbers in this country. Use another number or another method." },
  SMS_UNAVAILABLE: { status: 429, message: "Text messages cannot be sent right now. Try again later, or use another method." },
  EMAIL_NOT_VERIFIED: { status: 409, message: "Your email address is not verified yet." },
  WEBAUTHN_FAILED: { status: 400, message: "The security key or passkey could not be verified. Try again." },
  CONFIGURATION: { status: 500, message: "The server is misconfigured." },
  INTERNAL: { status: 500, message: "Something went wrong on our side. Please try again." },
  UNAVAILABLE: { status: 503, message: "The service is briefly unavailable. Please try again in a minute." },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
