import { describe, expect, it } from "vitest";
import {
  auth0PolicyRules,
  auth0PolicyText,
  authenticationApiPasswordError,
  failureOf,
  managementApiPasswordError,
} from "./auth0-errors";
import { checkPassword, type PasswordPolicyLevel, type PasswordPolicySettings } from "./policy";

const policy = (level: PasswordPolicyLevel, extra: Partial<PasswordPolicySettings> = {}): PasswordPolicySettings => ({
  level,
  minLength: 1,
  historySize: 5,
  dictionary: true,
  noPersonalInfo: true,
  ...extra,
});

describe("Management API error bodies", () => {
  it("match Auth0's, field for field", () => {
    expect(managementApiPasswordError("strength")).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: "PasswordStrengthError: Password is too weak",
      errorCode: "invalid_body",
    });
    expect(managementApiPasswordError("dictionary").message).toBe("PasswordDictionaryError: Password is too common");
    expect(managementApiPasswordError("personal_info").message).toBe("PasswordNoUserInfoError: Password contains user information");
    expect(managementApiPasswordError("history").message).toBe("PasswordHistoryError: Password has previously been used");
  });
});

describe("failureOf", () => {
  const isCommon = (p: string) => p.toLowerCase() === "password1";

  it("reports strength before dictionary before personal info", () => {
    const settings = policy("good");
    expect(failureOf(checkPassword("password1", settings, { username: "password" }, { isCommon }))).toBe("strength");
    expect(failureOf(checkPassword("Password1", settings, { username: "password" }, { isCommon }))).toBe("dictionary");
    expect(failureOf(checkPassword("Password2", settings, { username: "password" }, { isCommon }))).toBe("personal_info");
    expect(failureOf(checkPassword("Password2", settings, { username: "someone" }, { isCommon }))).toBeNull();
  });

  it("treats every length and composition rule as strength", () => {
    expect(failureOf(checkPassword("a".repeat(129), policy("none")))).toBe("strength");
    expect(failureOf(checkPassword("Abbbcdefg1", policy("excellent")))).toBe("strength");
  });
});

describe("Authentication API invalid_password bodies", () => {
  it("describes a weak password under 'good' exactly as Auth0 does", () => {
    // Recorded from POST /dbconnections/signup on a "good" connection (auth0/go-auth0 test data).
    const recorded = {
      name: "PasswordStrengthError",
      message: "Password is too weak",
      code: "invalid_password",
      description: {
        rules: [
          { message: "At least %d characters in length", format: [8], code: "lengthAtLeast", verified: true },
          {
            message: "Contain at least %d of the following %d types of characters:",
            code: "containsAtLeast",
            format: [3, 4],
            items: [
              { message: "lower case letters (a-z)", code: "lowerCase", verified: true },
              { message: "upper case letters (A-Z)", code: "upperCase", verified: false },
              { message: "numbers (i.e. 0-9)", code: "numbers", verified: false },
              { message: "special characters (e.g. !@#$%^&*)", code: "specialCharacters", verified: true },
            ],
            verified: false,
          },
        ],
        verified: false,
      },
      policy:
        "* At least 8 characters in length\n* Contain at least 3 of the following 4 types of characters:\n" +
        " * lower case letters (a-z)\n * upper case letters (A-Z)\n * numbers (i.e. 0-9)\n * special characters (e.g. !@#$%^&*)",
      statusCode: 400,
    };
    expect(authenticationApiPasswordError("strength", "abcdefg!", policy("good"))).toEqual(recorded);
  });

  it("renders the 'excellent' policy text as Auth0's change-password page shows it", () => {
    expect(auth0PolicyText(policy("excellent"))).toBe(
      "* At least 10 characters in length\n* Contain at least 3 of the following 4 types of characters:\n" +
        " * lower case letters (a-z)\n * upper case letters (A-Z)\n * numbers (i.e. 0-9)\n * special characters (e.g. !@#$%^&*)\n" +
        '* No more than 2 identical characters in a row (e.g., "aaa" not allowed)',
    );
    const body = authenticationApiPasswordError("strength", "Abbbcdefg1", policy("excellent"));
    expect(body.description).toMatchObject({
      rules: [
        { code: "lengthAtLeast", format: [10], verified: true },
        { code: "containsAtLeast", verified: true },
        { code: "identicalChars", format: [2, "aaa"], verified: false },
      ],
      verified: false,
    });
  });

  it("uses 'Should contain:' for 'fair' and 'Non-empty password required' for 'none'", () => {
    expect(auth0PolicyText(policy("fair"))).toBe(
      "* At least 8 characters in length\n* Should contain:\n * lower case letters (a-z)\n * upper case letters (A-Z)\n * numbers (i.e. 0-9)",
    );
    expect(auth0PolicyText(policy("none"))).toBe("* Non-empty password required");
    expect(auth0PolicyText(policy("low", { minLength: 12 }))).toBe("* At least 12 characters in length");
  });

  it("adds the length cap only when a password breaks it", () => {
    expect(auth0PolicyRules(policy("low"), "a".repeat(200)).rules.at(-1)).toEqual({
      message: "Maximum password length exceeded",
      code: "maxLength",
      format: [128],
      verified: false,
    });
    expect(auth0PolicyRules(policy("low"), "abcdefgh")).toEqual({
      rules: [{ message: "At least %d characters in length", format: [6], code: "lengthAtLeast", verified: true }],
      verified: true,
    });
    expect(auth0PolicyRules(policy("low")).verified).toBeUndefined();
  });

  it("gives the other failures Auth0's one-line descriptions", () => {
    const settings = policy("good");
    expect(authenticationApiPasswordError("dictionary", "Password1", settings)).toEqual({
      name: "PasswordDictionaryError",
      message: "Password is too common",
      code: "invalid_password",
      description: "Password is not allowed, it might be too common.",
      statusCode: 400,
    });
    expect(authenticationApiPasswordError("personal_info", "John1234!", settings)).toEqual({
      name: "PasswordNoUserInfoError",
      message: "Password contains user information",
      code: "invalid_password",
      description: "Password is based on user information",
      statusCode: 400,
    });
    expect(authenticationApiPasswordError("history", "Old-pass1", settings)).toEqual({
      name: "PasswordHistoryError",
      message: "Password has previously been used",
      code: "invalid_password",
      description: "You may not reuse any of the last 5 passwords.",
      statusCode: 400,
    });
  });
});
