// Browser-safe: the new-password forms import this file directly to show the live checklist, so it
// must stay free of node-only imports (argon2, lib/config, the dictionary). The server runs the
// same function, with the dictionary plugged in, through enforcePasswordPolicy.

export const PASSWORD_POLICY_LEVELS = ["none", "low", "fair", "good", "excellent"] as const;

/** Auth0's password strength levels for database connections. */
export type PasswordPolicyLevel = (typeof PASSWORD_POLICY_LEVELS)[number];

/** Longest password accepted, in Unicode code points (Auth0's limit). */
export const MAX_PASSWORD_LENGTH = 128;

/**
 * Longest password accepted, in UTF-8 bytes. Every sign-in feeds the password to argon2, so an
 * unbounded input would let anyone make the server hash megabytes. 128 code points never exceed
 * 512 bytes, so this only bites on inputs the length rule already refuses; it is what hashing and
 * verifying enforce on their own, before any policy is known.
 */
export const MAX_PASSWORD_BYTES = 1024;

/** Most entries Auth0 keeps in a user's password history. */
export const MAX_PASSWORD_HISTORY = 24;

/** A database connection's password policy: Auth0's options under our names. */
export type PasswordPolicySettings = {
  /**
   * Auth0 `passwordPolicy`.
   * @default "good"
   */
  level: PasswordPolicyLevel;
  /**
   * Auth0 `password_complexity_options.min_length` (1–128). Raises the level's own minimum; a
   * value below it has no effect.
   * @default 8
   */
  minLength: number;
  /**
   * Auth0 `password_history.size` (0–24): how many previous passwords may not be reused; 0 turns
   * the check off.
   * @default 5
   */
  historySize: number;
  /**
   * Auth0 `password_dictionary.enable`: refuse the 10,000 most common passwords.
   * @default true
   */
  dictionary: boolean;
  /**
   * Auth0 `password_no_personal_info.enable`: refuse passwords that contain the user's name,
   * username, nickname, phone number or the part of the email before the `@`.
   * @default true
   */
  noPersonalInfo: boolean;
};

/** The policy of a new connection (the same as the Prisma column defaults). */
export const DEFAULT_PASSWORD_POLICY: Readonly<PasswordPolicySettings> = Object.freeze({
  level: "good",
  minLength: 8,
  historySize: 5,
  dictionary: true,
  noPersonalInfo: true,
});

/** What the personal-info rule compares the password against. */
export type PersonalInfo = {
  email?: string | null;
  username?: string | null;
  name?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  nickname?: string | null;
  phoneNumber?: string | null;
};

export type RuleCode = "min_length" | "max_length" | "char_types" | "identical_chars" | "dictionary" | "personal_info";
export type CharType = "lower_case" | "upper_case" | "numbers" | "special_characters";

export type Rule = {
  code: RuleCode;
  /** Human text for the checklist, e.g. "At least 8 characters". */
  message: string;
  verified: boolean;
  /** For `char_types`: each character type and whether the password has it. */
  items?: { code: CharType; message: string; verified: boolean }[];
  /** The numbers in `message`, so a page can say the rule in its own language (messages/<locale>.json `password.<code>`). */
  params?: Record<string, number | string>;
};

export type PasswordCheck = { ok: boolean; rules: Rule[] };

export type CheckPasswordOptions = {
  /**
   * Tells whether a password is one of the common passwords. The dictionary is server-only, so
   * the browser leaves this out and the `dictionary` rule is then omitted from the result (the
   * server check stays authoritative).
   * @default undefined
   */
  isCommon?: (plain: string) => boolean;
};

type LevelRules = {
  minLength: number;
  /** Character types to look for and how many of them are required. */
  charTypes?: { types: readonly CharType[]; atLeast: number };
  /** Longest run of one repeated character allowed. */
  maxRun?: number;
};

const ALL_TYPES: readonly CharType[] = ["lower_case", "upper_case", "numbers", "special_characters"];

/** Auth0's levels, as in its password-sheriff presets. */
export const LEVEL_RULES: Readonly<Record<PasswordPolicyLevel, Readonly<LevelRules>>> = {
  none: { minLength: 1 },
  low: { minLength: 6 },
  fair: { minLength: 8, charTypes: { types: ["lower_case", "upper_case", "numbers"], atLeast: 3 } },
  good: { minLength: 8, charTypes: { types: ALL_TYPES, atLeast: 3 } },
  excellent: { minLength: 10, charTypes: { types: ALL_TYPES, atLeast: 3 }, maxRun: 2 },
};

// Auth0 only recognises ASCII here ([a-z], [A-Z], \d and the OWASP punctuation list). We accept
// every password Auth0 accepts and also count non-ASCII letters and digits, so that someone
// typing in Greek or with accents is not told their "é" is not a lower-case letter. Combining
// marks are part of the letter they decorate, not special characters.
const CHAR_TYPE_TESTS: Record<CharType, RegExp> = {
  lower_case: /\p{Ll}/u,
  upper_case: /\p{Lu}/u,
  numbers: /\p{Nd}/u,
  special_characters: /[^\p{L}\p{M}\p{N}]/u,
};

const CHAR_TYPE_MESSAGES: Record<CharType, string> = {
  lower_case: "lower case letters",
  upper_case: "upper case letters",
  numbers: "numbers",
  special_characters: "special characters (e.g. !@#$%^&*)",
};

const MIN_PERSONAL_PART = 3;

/** The minimum length a policy enforces: the level's, raised by `minLength`. */
export function effectiveMinLength(settings: Pick<PasswordPolicySettings, "level" | "minLength">): number {
  const levelMin = levelRules(settings.level).minLength;
  const configured = Number.isFinite(settings.minLength) ? Math.trunc(settings.minLength) : 0;
  return Math.min(MAX_PASSWORD_LENGTH, Math.max(levelMin, configured));
}

/** The rules of a level; throws on an unknown level rather than silently checking nothing. */
export function levelRules(level: PasswordPolicyLevel): Readonly<LevelRules> {
  const rules = Object.hasOwn(LEVEL_RULES, level) ? LEVEL_RULES[level] : undefined;
  if (!rules) throw new RangeError(`Unknown password policy level: ${String(level)}`);
  return rules;
}

/**
 * Checks a candidate password against a policy and returns every rule with its state, in a stable
 * order, so the same result drives the live checklist and the server's decision.
 */
export function checkPassword(
  plain: string,
  settings: PasswordPolicySettings,
  personal: PersonalInfo = {},
  options: CheckPasswordOptions = {},
): PasswordCheck {
  const level = levelRules(settings.level);
  const minLength = effectiveMinLength(settings);
  const size = measurePassword(plain);
  const tooLong = size.codePoints > MAX_PASSWORD_LENGTH || size.bytes > MAX_PASSWORD_BYTES;
  // Past the byte cap the verdict is already "no"; the remaining rules only look at a bounded
  // prefix so a megabyte of input costs no more than a kilobyte.
  const subject = plain.length > MAX_PASSWORD_BYTES ? plain.slice(0, MAX_PASSWORD_BYTES) : plain;
  // As in Auth0, an empty password satisfies nothing, which also keeps an empty form's checklist
  // from showing green ticks.
  const nonEmpty = plain.length > 0;

  const rules: Rule[] = [
    {
      code: "min_length",
      message: `At least ${minLength} ${minLength === 1 ? "character" : "characters"}`,
      verified: size.codePoints >= minLength,
      params: { min: minLength },
    },
    { code: "max_length", message: `No more than ${MAX_PASSWORD_LENGTH} characters`, verified: nonEmpty && !tooLong, params: { max: MAX_PASSWORD_LENGTH } },
  ];

  if (level.charTypes) rules.push(charTypesRule(subject, level.charTypes, nonEmpty));

  if (level.maxRun !== undefined) {
    rules.push({
      code: "identical_chars",
      message: `No more than ${level.maxRun} identical characters in a row (e.g. "${"a".repeat(level.maxRun + 1)}" not allowed)`,
      verified: nonEmpty && longestRun(subject) <= level.maxRun,
      params: { maxRun: level.maxRun, example: "a".repeat(level.maxRun + 1) },
    });
  }

  if (settings.dictionary && options.isCommon) {
    rules.push({ code: "dictionary", message: "Not a commonly used password", verified: nonEmpty && !options.isCommon(subject) });
  }

  if (settings.noPersonalInfo) {
    rules.push({
      code: "personal_info",
      message: "Does not contain your name, username, phone number or email address",
      verified: nonEmpty && !containsPersonalInfo(subject, personal),
    });
  }

  return { ok: rules.every((r) => r.verified), rules };
}

function charTypesRule(plain: string, spec: NonNullable<LevelRules["charTypes"]>, nonEmpty: boolean): Rule {
  const items = spec.types.map((code) => ({ code, message: CHAR_TYPE_MESSAGES[code], verified: CHAR_TYPE_TESTS[code].test(plain) }));
  const present = items.filter((i) => i.verified).length;
  const names = items.map((i) => i.message);
  const message =
    spec.atLeast === spec.types.length
      ? `Contains ${names.slice(0, -1).join(", ")} and ${names.at(-1)}`
      : `Contains at least ${spec.atLeast} of: ${names.join(", ")}`;
  return { code: "char_types", message, verified: nonEmpty && present >= spec.atLeast, items, params: { atLeast: spec.atLeast, of: spec.types.length } };
}

/** Length in Unicode code points and UTF-8 bytes; stops counting once past the byte cap. */
export function measurePassword(plain: string): { codePoints: number; bytes: number } {
  let codePoints = 0;
  let bytes = 0;
  for (const ch of plain) {
    codePoints++;
    bytes += utf8Width(ch.codePointAt(0)!);
    if (bytes > MAX_PASSWORD_BYTES) break;
  }
  return { codePoints, bytes };
}

/** UTF-8 size of a string (a lone surrogate counts as U+FFFD, 3 bytes, as encoders write it). */
export function utf8ByteLength(plain: string): number {
  let bytes = 0;
  for (const ch of plain) bytes += utf8Width(ch.codePointAt(0)!);
  return bytes;
}

function utf8Width(cp: number): number {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

function longestRun(plain: string): number {
  let longest = 0;
  let run = 0;
  let previous: string | undefined;
  for (const ch of plain) {
    run = ch === previous ? run + 1 : 1;
    previous = ch;
    if (run > longest) longest = run;
  }
  return longest;
}

function fold(value: string): string {
  return value.normalize("NFKC").toLowerCase();
}

/**
 * The pieces of personal data a password may not contain: each whole value and each of its words
 * (so "Mary Ann Lee" also yields "mary" and "lee"), folded for a case-insensitive match. Pieces
 * shorter than 3 characters are dropped: refusing every password that contains "al" or "jo" would
 * reject good passwords without protecting anyone.
 */
export function personalInfoParts(personal: PersonalInfo): string[] {
  const parts = new Set<string>();
  const add = (value: string) => {
    const folded = fold(value);
    if ([...folded].length >= MIN_PERSONAL_PART) parts.add(folded);
  };
  const addWithWords = (value: string | null | undefined) => {
    if (!value) return;
    add(value);
    for (const word of value.split(/[^\p{L}\p{M}\p{N}]+/u)) add(word);
  };

  if (personal.email) {
    // Like Auth0, only the part before the "@": the domain is shared by everyone at a company.
    const at = personal.email.lastIndexOf("@");
    addWithWords(at >= 0 ? personal.email.slice(0, at) : personal.email);
  }
  addWithWords(personal.username);
  addWithWords(personal.name);
  addWithWords(personal.givenName);
  addWithWords(personal.familyName);
  addWithWords(personal.nickname);
  if (personal.phoneNumber) {
    const digits = personal.phoneNumber.replace(/\D/g, "");
    add(digits);
    // People type their number without the country code as often as with it.
    if (digits.length > 7) add(digits.slice(-7));
  }
  return [...parts];
}

function containsPersonalInfo(plain: string, personal: PersonalInfo): boolean {
  return personalInfoIn(plain, personal) !== undefined;
}

/** The piece of personal data the password contains (folded, as personalInfoParts gives it), if any. */
export function personalInfoIn(plain: string, personal: PersonalInfo): string | undefined {
  const folded = fold(plain);
  return personalInfoParts(personal).find((part) => folded.includes(part));
}
