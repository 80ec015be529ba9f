import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { factorCodeSchema, factorAssertionSchema, factorStartSchema } from "@/lib/reset/factor-step";
import { factorNameInput, phoneNumberInput, recoveryCodeInput, sixDigitCode } from "./schemas";
import { registrationResponseSchema } from "./webauthn/relying-party";

const MEGABYTE = "9".repeat(1_000_000);
const SECRET = "k3J9xQ2mP8vL5nR7tW1yZ4bC6dF0gH-_aSeD";

describe("factor input", () => {
  it("codes: spaces and dashes forgiven; anything else refused with a message, 1 MB included", () => {
    expect(sixDigitCode.parse(" 123-456 ")).toBe("123456");
    expect(recoveryCodeInput.parse("abcde-fghjk")).toBe("ABCDEFGHJK");
    for (const bad of ["12345", "1234567", "١٢٣٤٥٦", "12345😀", MEGABYTE, 123456, null, {}]) {
      const result = sixDigitCode.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toEqual(expect.any(String));
    }
    for (const bad of ["ABCDE", "ABCDE-FGHJ😀", MEGABYTE, ["ABCDEFGHJK"]]) expect(recoveryCodeInput.safeParse(bad).success).toBe(false);
  });

  it("phone numbers are E.164; names are short and printable", () => {
    expect(phoneNumberInput.parse("+44 (20) 7946-0958")).toBe("+442079460958");
    for (const bad of ["07946 0958", "+0123456789", "+1 555", "+1555000111122223", "+1555\u0000000", MEGABYTE, 15550001111]) {
      expect(phoneNumberInput.safeParse(bad).success).toBe(false);
    }
    expect(factorNameInput.parse("  YubiKey 5 NFC  ")).toBe("YubiKey 5 NFC");
    expect(factorNameInput.parse("Clé de sécurité 🔑")).toBe("Clé de sécurité 🔑");
    for (const bad of ["", "   ", "x".repeat(61), "a\u0007b", MEGABYTE, 5]) expect(factorNameInput.safeParse(bad).success).toBe(false);
  });

  it("the reset's method choice, code and assertion bodies refuse wrong types and unknown methods", () => {
    expect(factorStartSchema.safeParse({ factor: "push-notification" }).success).toBe(false);
    expect(factorStartSchema.safeParse({ factor: ["otp"] }).success).toBe(false);
    expect(factorCodeSchema.safeParse({ factor: "otp", code: MEGABYTE }).success).toBe(false);
    expect(factorCodeSchema.safeParse({ factor: "webauthn-roaming", code: "123456" }).success).toBe(false);
    expect(factorAssertionSchema.safeParse({ factor: "webauthn-roaming", response: { id: 1 } }).success).toBe(false);
    const response = { id: "AAAA", rawId: "AAAA", type: "public-key", response: { clientDataJSON: "e30", attestationObject: "oA" }, clientExtensionResults: {} };
    expect(registrationResponseSchema.safeParse(response).success).toBe(true);
    expect(registrationResponseSchema.safeParse({ ...response, id: "not base64url!" }).success).toBe(false);
    expect(registrationResponseSchema.safeParse({ ...response, response: { ...response.response, attestationObject: "A".repeat(20_000) } }).success).toBe(false);
    expect(registrationResponseSchema.safeParse({ ...response, authenticatorAttachment: "usb" }).success).toBe(false);
  });
});

describe("factor configuration", () => {
  it("the WebAuthn RP ID and name default to PUBLIC_URL's hostname and PRODUCT_NAME", () => {
    const cfg = parseConfig({ AUTH_SECRET: SECRET, PUBLIC_URL: "https://id.example.com/", PRODUCT_NAME: "Acme ID" });
    expect(cfg).toMatchObject({ WEBAUTHN_RP_ID: "id.example.com", WEBAUTHN_RP_NAME: "Acme ID", SMS_PROVIDER: "dev" });
    expect(parseConfig({ AUTH_SECRET: SECRET, WEBAUTHN_RP_ID: "example.com" }).WEBAUTHN_RP_ID).toBe("example.com");
    expect(() => parseConfig({ AUTH_SECRET: SECRET, WEBAUTHN_RP_ID: "https://example.com" })).toThrow(/WEBAUTHN_RP_ID/);
  });

  it("the HTTP SMS provider needs its URL", () => {
    expect(() => parseConfig({ AUTH_SECRET: SECRET, SMS_PROVIDER: "http" })).toThrow(/SMS_HTTP_URL/);
    expect(parseConfig({ AUTH_SECRET: SECRET, SMS_PROVIDER: "http", SMS_HTTP_URL: "https://sms.example/send", SMS_ALLOWED_COUNTRY_CODES: "*" }).SMS_HTTP_URL).toBe("https://sms.example/send");
  });
});
