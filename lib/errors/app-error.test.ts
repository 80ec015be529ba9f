import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import { AppError, ERROR_CODES, type ErrorCode } from "./app-error";
import { catalogError } from "./catalog-message";
import { toErrorEnvelope } from "./to-response";

describe("an error's catalog reference", () => {
  it("is the code's own when no message is given, and every code has that message in the catalog", () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const error = new AppError(code);
      expect(error.messageId).toEqual({ id: `errors.${code}` });
      expect((en.errors as Record<string, string>)[code]).toBe(error.message);
    }
  });

  it("is absent for words written in place, so a page shows them as they are (an Action's reason)", () => {
    const error = new AppError("RESET_DENIED", "Ask the help desk");
    expect(error.messageId).toBeUndefined();
    expect(toErrorEnvelope(error)).toEqual({ error: { code: "RESET_DENIED", message: "Ask the help desk" } });
  });

  it("is the given one for another catalog message, and the JSON envelope carries it beside the English", () => {
    const error = catalogError("RATE_LIMITED", { id: "limits.tooMany", values: { what: "codes", unit: "minute", count: 3 } });
    expect(toErrorEnvelope(error).error.messageId).toEqual({ id: "limits.tooMany", values: { what: "codes", unit: "minute", count: 3 } });
    expect(toErrorEnvelope(new AppError("RATE_LIMITED")).error).toEqual({ code: "RATE_LIMITED", message: ERROR_CODES.RATE_LIMITED.message, messageId: { id: "errors.RATE_LIMITED" } });
  });
});
