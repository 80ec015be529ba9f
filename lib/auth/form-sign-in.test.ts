import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "@/lib/http";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { testRequestContext } from "@/lib/testing/context";
import { createUser, defaultConnection } from "@/lib/users";
import { signInWithForm } from "./form-sign-in";

const PASSWORD = "Orchid-Lantern-81x";

// Regression: with JavaScript off, the sign-in form posted to /login itself, which answered the
// same page with no message and signed nobody in; a form sign-in now runs next-auth on the server.
describe.each(testDatabaseKinds())("a sign-in posted as a form, on %s", (kind) => {
  useTestDatabase(kind);
  const headers = () => new Headers({ [CLIENT_IP_HEADER]: testRequestContext().ip, "user-agent": "vitest" });

  it("runs next-auth's credentials callback: a session cookie and the return address, on our origin", async () => {
    const user = await createUser({ email: "alice@example.com", password: PASSWORD }, { connection: await defaultConnection(), ctx: testRequestContext() });
    const result = await signInWithForm({ identifier: user.email!, password: PASSWORD, callbackUrl: "/account/security" }, headers());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(new URL(result.redirectTo).pathname).toBe("/account/security");
    const session = result.cookies.find((c) => c.name === "next-auth.session-token");
    expect(session?.value).toMatch(/^eyJ/);
    expect(session?.options).toMatchObject({ httpOnly: true, path: "/", sameSite: "lax" });
    expect(result.cookies.some((c) => c.name.includes("csrf"))).toBe(false);

    const offSite = await signInWithForm({ identifier: user.email!, password: PASSWORD, callbackUrl: "https://evil.example/x" }, headers());
    expect(offSite.ok && new URL(offSite.redirectTo).host).not.toBe("evil.example");
  });

  it("answers a refusal with our error code and message, and sets no session", async () => {
    await createUser({ email: "bob@example.com", password: PASSWORD }, { connection: await defaultConnection(), ctx: testRequestContext() });
    expect(await signInWithForm({ identifier: "bob@example.com", password: "not-it-at-all", callbackUrl: "/account" }, headers())).toEqual({
      ok: false,
      code: "INVALID_CREDENTIALS",
      message: "Wrong email or password.",
    });
    expect(await signInWithForm({ identifier: "", password: "", callbackUrl: "/account" }, headers())).toMatchObject({ ok: false, code: "INVALID_INPUT" });
  });
});
