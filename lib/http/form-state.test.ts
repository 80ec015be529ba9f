import { describe, expect, it } from "vitest";
import { z } from "zod";
import { handleForm } from "./form-state";

const schema = z.object({ name: z.string().min(1) });

describe("handleForm", () => {
  it("reads the fields of a form", async () => {
    const form = new FormData();
    form.set("name", "Ada");
    await expect(handleForm(schema, form, async ({ name }) => ({ ok: true, message: name }))).resolves.toEqual({ ok: true, message: "Ada" });
  });

  // Regression: a server action called with a string (or nothing) as its form threw a TypeError: a 500.
  it("answers INVALID_INPUT when a forged call passes something other than a form", async () => {
    for (const notAForm of [undefined, null, "name=Ada", 42, { name: "Ada" }, ["Ada"]]) {
      await expect(handleForm(schema, notAForm, async () => ({ ok: true })), String(notAForm)).resolves.toMatchObject({ ok: false, code: "INVALID_INPUT" });
    }
  });
});
