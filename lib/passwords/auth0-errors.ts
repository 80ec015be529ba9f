import {
  checkPassword,
  effectiveMinLength,
  levelRules,
  MAX_PASSWORD_LENGTH,
  type PasswordCheck,
  type PasswordPolicySettings,
  type RuleCode,
} from "./policy";

// Auth0 SDKs and existing client code match these bodies field by field (some even compare the
// message text), so the strings are Auth0's, copied from real responses, not paraphrased.

/** Why a new password was refused, in the order Auth0 reports them. */
export type PasswordFailure = "strength" | "dictionary" | "personal_info" | "history";

const STRENGTH_RULES: ReadonlySet<RuleCode> = new Set(["min_length", "max_length", "char_types", "identical_chars"]);

/**
 * The one failure to report for a check, or null when it passed. Strength comes first, as in
 * Auth0; history is not part of a check (it needs the stored hashes) and is decided afterwards.
 */
export function failureOf(check: PasswordCheck): Exclude<PasswordFailure, "history"> | null {
  const failed = check.rules.filter((r) => !r.verified).map((r) => r.code);
  if (failed.some((code) => STRENGTH_RULES.has(code))) return "strength";
  if (failed.includes("dictionary")) return "dictionary";
  if (failed.includes("personal_info")) return "personal_info";
  return null;
}

const AUTH0_NAMES = {
  strength: { name: "PasswordStrengthError", message: "Password is too weak" },
  dictionary: { name: "PasswordDictionaryError", message: "Password is too common" },
  personal_info: { name: "PasswordNoUserInfoError", message: "Password contains user information" },
  history: { name: "PasswordHistoryError", message: "Password has previously been used" },
} as const satisfies Record<PasswordFailure, { name: string; message: string }>;

/** Auth0 Management API v2 error body (`POST /api/v2/users`, `PATCH /api/v2/users/{id}`). */
export type Auth0ManagementApiError = {
  statusCode: 400;
  error: "Bad Request";
  message: string;
  errorCode: "invalid_body";
};

/** The Management API's answer to a refused password, e.g. "PasswordStrengthError: Password is too weak". */
export function managementApiPasswordError(failure: PasswordFailure): Auth0ManagementApiError {
  const { name, message } = AUTH0_NAMES[failure];
  return { statusCode: 400, error: "Bad Request", message: `${name}: ${message}`, errorCode: "invalid_body" };
}

/** One rule as Auth0's password-sheriff describes it; `message` holds printf-style `%d`/`%s`. */
export type Auth0PolicyRule = {
  message: string;
  code: string;
  format?: (number | string)[];
  items?: Auth0PolicyRule[];
  verified?: boolean;
};

const SHERIFF_CHAR_TYPES = {
  lower_case: { message: "lower case letters (a-z)", code: "lowerCase" },
  upper_case: { message: "upper case letters (A-Z)", code: "upperCase" },
  numbers: { message: "numbers (i.e. 0-9)", code: "numbers" },
  special_characters: { message: "special characters (e.g. !@#$%^&*)", code: "specialCharacters" },
} as const;

/**
 * The strength rules of a policy in Auth0's shape, with `verified` filled in when a password is
 * given (password-sheriff's `missing()`), without it when not (`explain()`).
 */
export function auth0PolicyRules(settings: PasswordPolicySettings, plain?: string): { rules: Auth0PolicyRule[]; verified?: boolean } {
  const level = levelRules(settings.level);
  const minLength = effectiveMinLength(settings);
  const check = plain === undefined ? undefined : checkPassword(plain, { ...settings, dictionary: false, noPersonalInfo: false });
  const state = (code: RuleCode) => check?.rules.find((r) => r.code === code);
  const withVerified = <T extends Auth0PolicyRule>(rule: T, verified: boolean | undefined): T =>
    verified === undefined ? rule : { ...rule, verified };

  const rules: Auth0PolicyRule[] = [
    withVerified(
      minLength === 1
        ? { message: "Non-empty password required", code: "nonEmpty" }
        : { message: "At least %d characters in length", format: [minLength], code: "lengthAtLeast" },
      state("min_length")?.verified,
    ),
  ];

  const charTypes = state("char_types");
  if (level.charTypes) {
    const items = level.charTypes.types.map((type) =>
      withVerified({ ...SHERIFF_CHAR_TYPES[type] }, charTypes?.items?.find((i) => i.code === type)?.verified),
    );
    const all = level.charTypes.atLeast === level.charTypes.types.length;
    rules.push(
      withVerified(
        all
          ? { message: "Should contain:", code: "shouldContain", items }
          : {
              message: "Contain at least %d of the following %d types of characters:",
              code: "containsAtLeast",
              format: [level.charTypes.atLeast, level.charTypes.types.length],
              items,
            },
        charTypes?.verified,
      ),
    );
  }

  if (level.maxRun !== undefined) {
    rules.push(
      withVerified(
        {
          message: 'No more than %d identical characters in a row (e.g., "%s" not allowed)',
          code: "identicalChars",
          format: [level.maxRun, "a".repeat(level.maxRun + 1)],
        },
        state("identical_chars")?.verified,
      ),
    );
  }

  // Auth0 lists its length cap only once a password breaks it; so do we, to keep the policy text
  // identical to Auth0's for every ordinary password.
  const maxLength = state("max_length");
  if (maxLength && !maxLength.verified && plain !== "") {
    rules.push({ message: "Maximum password length exceeded", code: "maxLength", format: [MAX_PASSWORD_LENGTH], verified: false });
  }

  return check ? { rules, verified: rules.every((r) => r.verified) } : { rules };
}

/** Auth0's plain-text rendering of a policy (the `policy` field), one "* " line per rule. */
export function auth0PolicyText(settings: PasswordPolicySettings): string {
  return renderRules(auth0PolicyRules(settings).rules, 0);
}

function renderRules(rules: Auth0PolicyRule[], depth: number): string {
  const indent = " ".repeat(depth);
  return rules
    .map((rule) => {
      let line = `${indent}* ${formatMessage(rule.message, rule.format ?? [])}`;
      if (rule.items?.length) line += `\n${indent}${renderRules(rule.items, depth + 1)}`;
      return line;
    })
    .join("\n");
}

function formatMessage(message: string, args: (number | string)[]): string {
  let i = 0;
  return message.replace(/%[ds]/g, (token) => (i < args.length ? String(args[i++]) : token));
}

/** Authentication API (`/dbconnections/signup`, `/dbconnections/change_password`) error body. */
export type Auth0AuthenticationApiPasswordError =
  | {
      name: "PasswordStrengthError";
      message: "Password is too weak";
      code: "invalid_password";
      description: { rules: Auth0PolicyRule[]; verified: boolean };
      policy: string;
      statusCode: 400;
    }
  | {
      name: "PasswordDictionaryError" | "PasswordNoUserInfoError" | "PasswordHistoryError";
      message: string;
      code: "invalid_password";
      description: string;
      statusCode: 400;
    };

/**
 * The Authentication API's `invalid_password` answer. For a weak password it carries the rules
 * with what the password met and the whole policy as text, which is what Lock and custom forms
 * render; the other failures carry one sentence.
 */
export function authenticationApiPasswordError(
  failure: PasswordFailure,
  plain: string,
  settings: PasswordPolicySettings,
): Auth0AuthenticationApiPasswordError {
  switch (failure) {
    case "strength":
      return {
        name: "PasswordStrengthError",
        message: "Password is too weak",
        code: "invalid_password",
        description: { rules: auth0PolicyRules(settings, plain).rules, verified: false },
        policy: auth0PolicyText(settings),
        statusCode: 400,
      };
    case "dictionary":
      return { ...otherError(failure), description: "Password is not allowed, it might be too common." };
    case "personal_info":
      return { ...otherError(failure), description: "Password is based on user information" };
    case "history":
      // Auth0 adds when the password was last used ("This password was used a minute ago.");
      // we leave that out: it tells whoever holds the session about the account's past.
      return {
        ...otherError(failure),
        description: `You may not reuse any of the last ${settings.historySize} passwords.`,
      };
  }
}

function otherError(failure: Exclude<PasswordFailure, "strength">) {
  return { ...AUTH0_NAMES[failure], code: "invalid_password" as const, statusCode: 400 as const };
}
