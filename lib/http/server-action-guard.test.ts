import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type { FormState } from "./form-state";
import { assertActionNotCrossSite, assertActionPayload, formActionIds, isServerActionRequest } from "./server-action-guard";

const OWN = ["http://localhost:3000"];
const headers = (h: Record<string, string>) => new Headers({ host: "localhost:3000", ...h });
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
};

// Regression: Next.js answered a cross-site, Origin-less-URL or undecodable server action with a 500.
describe("server action guard", () => {
  it("recognises fetch actions and forms posted without JavaScript, not route handler bodies", () => {
    expect(isServerActionRequest("POST", headers({ "next-action": "60ab" }))).toBe(true);
    expect(isServerActionRequest("POST", headers({ "content-type": "multipart/form-data; boundary=x" }))).toBe(true);
    expect(isServerActionRequest("POST", headers({ "content-type": "application/json" }))).toBe(false);
    expect(isServerActionRequest("GET", headers({ "next-action": "60ab" }))).toBe(false);
    for (const path of ["/api/v2/users", "/oauth/token", "/dbconnections/change_password", "/continue"]) {
      expect(isServerActionRequest("POST", headers({ "content-type": "multipart/form-data; boundary=x" }), path), path).toBe(false);
    }
  });

  // Regression: Origin: null with Sec-Fetch-Site: same-origin passed here, and Next.js answered it 500.
  it("refuses another site, a malformed Origin and any Origin: null", () => {
    expect(() => assertActionNotCrossSite(headers({ origin: "http://localhost:3000" }), OWN)).not.toThrow();
    expect(() => assertActionNotCrossSite(headers({ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }), OWN)).not.toThrow();
    expect(() => assertActionNotCrossSite(headers({}), OWN)).not.toThrow();
    const refusedHeaders: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
      { origin: "http://localhost:3000", "sec-fetch-site": "same-site" },
      { origin: "null" },
      { origin: "null", "sec-fetch-site": "same-origin" },
      { origin: "%%%" },
    ];
    for (const h of refusedHeaders) {
      expect(() => assertActionNotCrossSite(headers(h), OWN), JSON.stringify(h)).toThrow(expect.objectContaining({ code: "CSRF_FAILED" }));
    }
  });

  it("lets a real form's encoding through and refuses what React could not decode", () => {
    const fetchAction = headers({ "next-action": "60ab", "content-type": "multipart/form-data; boundary=x" });
    expect(() => assertActionPayload(fetchAction, form({ _1_email: "a@b.c", "0": JSON.stringify([{ ok: false, message: "$$5" }, "$K1"]) }))).not.toThrow();
    expect(() => assertActionPayload(headers({}), form({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"60ab","bound":"$@1"}', "$ACTION_1:1": '[{"ok":false}]' }))).not.toThrow();
    const bad = [form({}), form({ "0": "{bad" }), form({ "0": "{}" }), form({ "0": '[{"a":"$Q5"},"$K1"]' }), form({ "0": '["$@1"]' }), form({ "0": "[]", "1": "{" })];
    for (const body of bad) expect(() => assertActionPayload(fetchAction, body)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(() => assertActionPayload(headers({}), form({ $ACTION_REF_1: "", "$ACTION_1:0": "{bad" }))).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(() => assertActionPayload(headers({ "next-action": "60ab" }), "not json")).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(() => assertActionPayload(headers({ "next-action": "60ab" }), '["a",1]')).not.toThrow();
  });

  // The guard reads React's private reply format, so it is pinned to the React that Next ships: the
  // arguments of every form Rekey has (a FormState and the FormData, or the FormData alone) are
  // encoded here by Next's own compiled encodeReply, the function the browser calls, and must pass.
  // A Next upgrade that changes the format fails this test instead of refusing real forms.
  it("lets through what Next's own React encodes for every shape of Rekey's forms (pinned to the installed Next)", async () => {
    const { encodeReply } = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-webpack/client.node") as {
      encodeReply: (value: unknown) => Promise<string | FormData>;
    };
    const typed = new FormData();
    for (const [name, value] of Object.entries({ email: "$admin@example.com", password: "p$K1 ✓", note: "$@1", empty: "" })) typed.append(name, value);
    const states: FormState[] = [
      { ok: false },
      { ok: true, message: "Saved." },
      {
        ok: false,
        code: "INVALID_INPUT",
        message: "$5 off: $K1 $@1 $undefined",
        fields: { email: "Enter an email", $name: "$Q1" },
        data: { rules: [{ rule: "length", ok: false, min: 8 }, null, true, -0, 1e21], retryAfterSeconds: 60, nested: { a: ["$", "$$", "x"] } },
        values: { email: "$admin@example.com", name: "Zoë \u0000" },
      },
    ];
    const fetchAction = (body: FormData | string) =>
      headers({ "next-action": "60ab", "content-type": typeof body === "string" ? "text/plain;charset=UTF-8" : "multipart/form-data; boundary=x" });
    for (const state of states) {
      const body = await encodeReply([state, typed]);
      expect(body).toBeInstanceOf(FormData);
      expect(() => assertActionPayload(fetchAction(body), body)).not.toThrow();
      const stateOnly = await encodeReply([state]);
      expect(() => assertActionPayload(fetchAction(stateOnly), stateOnly)).not.toThrow();
    }
    const plain = await encodeReply([typed]);
    expect(() => assertActionPayload(fetchAction(plain), plain)).not.toThrow();
  });

  it("reads the action ids a form posted without JavaScript names", () => {
    expect(formActionIds(form({ $ACTION_ID_60ab: "", email: "a@b.c" }))).toEqual(["60ab"]);
    expect(formActionIds(form({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"60cd","bound":"$@1"}', "$ACTION_1:1": "[]" }))).toEqual(["60cd"]);
    expect(formActionIds(form({ "$ACTION_1:0": "null", email: "x" }))).toEqual([]);
  });
});
