import { describe, expect, it } from "vitest";
import { z } from "zod";
import { handleForm } from "./form-state";

const schema = z.object({ identifier: z.string().min(1, "Enter your email") });

describe("handleForm", () => {
  it("answers a call whose arguments hold no FormData (a hand-made POST to the action) with a validation error", async () => {
    let ran = false;
    for (const argument of [undefined, null, "identifier=x", { identifier: "x" }, ["identifier", "x"]]) {
      const state = await handleForm(schema, argument, async () => {
        ran = true;
      });
      expect(state).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    }
    expect(ran).toBe(false);
  });

  it("reads only the string fields the schema knows", async () => {
    const form = new FormData();
    form.set("identifier", "ada@example.com");
    form.set("role", "admin");
    let seen: unknown;
    expect(await handleForm(schema, form, async (input) => void (seen = input))).toEqual({ ok: true });
    expect(seen).toEqual({ identifier: "ada@example.com" });
  });

  // Regression: a form posted without JavaScript came back empty after a refusal.
  it("gives back what was typed in the kept fields after a refusal, and nothing else", async () => {
    const form = new FormData();
    form.set("identifier", "  ada@example.com");
    form.set("password", "secret-typed");
    const withPassword = z.object({ identifier: z.string(), password: z.string() });
    const refused = await handleForm(withPassword, form, async () => Promise.reject(new Error("boom")), { keep: ["identifier"] });
    expect(refused).toMatchObject({ ok: false, values: { identifier: "  ada@example.com" } });
    expect(JSON.stringify(refused)).not.toContain("secret-typed");
    expect(await handleForm(withPassword, form, async () => undefined, { keep: ["identifier"] })).toEqual({ ok: true });
    expect(await handleForm(schema, new FormData(), async () => undefined, { keep: ["identifier"] })).toMatchObject({ ok: false, values: {} });
  });
});
