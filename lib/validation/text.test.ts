import { describe, expect, it } from "vitest";
import { boundedJsonObject, hasControlCharacters, jsonDepth, MAX_JSON_DEPTH, text } from "./text";

describe("text()", () => {
  it("refuses NUL, other C0 controls, DEL and C1 controls", () => {
    const field = text({ max: 50 });
    for (const bad of ["a\u0000b", "a\u0001", "\u001f", "x\u007f", "\u0085y"]) expect(field.safeParse(bad).success).toBe(false);
    expect(field.safeParse("Zoë O'Brien-Łukasz 李").success).toBe(true);
  });

  it("allows line breaks and tabs only in multi-line fields", () => {
    expect(text({ max: 50 }).safeParse("a\nb").success).toBe(false);
    expect(text({ max: 50, multiline: true }).safeParse("a\r\n\tb").success).toBe(true);
    expect(hasControlCharacters("a\u0000b", { multiline: true })).toBe(true);
  });

  it("refuses text over its maximum", () => {
    expect(text({ max: 3 }).safeParse("abcd").success).toBe(false);
  });
});

describe("JSON depth", () => {
  function nested(depth: number): Record<string, unknown> {
    let value: Record<string, unknown> = {};
    for (let i = 1; i < depth; i++) value = { a: value };
    return value;
  }

  it("measures depth without recursion, even 20,000 levels deep", () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth({ a: [1, { b: 2 }] })).toBe(3);
    const deep = JSON.parse("[".repeat(20_000) + "]".repeat(20_000));
    expect(jsonDepth(deep)).toBe(MAX_JSON_DEPTH + 1);
  });

  it("bounds metadata objects", () => {
    expect(boundedJsonObject.safeParse(nested(MAX_JSON_DEPTH)).success).toBe(true);
    expect(boundedJsonObject.safeParse(nested(MAX_JSON_DEPTH + 1)).success).toBe(false);
    expect(boundedJsonObject.safeParse({ note: "a\u0000b" }).success).toBe(false);
  });
});
