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
});
