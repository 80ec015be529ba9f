import { describe, expect, it } from "vitest";
import { FACTOR_LABELS, factorLabel, SUPPORTED_FACTOR_TYPES } from ".";

describe("factor names", () => {
  it("names every supported factor once, and shows an unknown stored type as it is", () => {
    expect(Object.keys(FACTOR_LABELS).sort()).toEqual([...SUPPORTED_FACTOR_TYPES].sort());
    expect(factorLabel("otp")).toBe("Authenticator app");
    expect(factorLabel("webauthn-platform")).toBe("Passkey on this device");
    expect(factorLabel("push-notification")).toBe("push-notification");
    // A type is data from a row: a name on Object's prototype is not a label.
    expect(factorLabel("constructor")).toBe("constructor");
  });
});
