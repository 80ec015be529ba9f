import { createRequire } from "node:module";
import { jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";

// The sandbox signs and checks api.redirect tokens with node:crypto (worker/jwt.cjs), not jose:
// Auth0's encodeToken and validateToken are synchronous, and every jose sign and verify is async
// (Web Crypto). These tests hold the two to one wire format, each reading the other's tokens.
const { signHs256, verifyHs256 } = createRequire(import.meta.url)("./worker/jwt.cjs") as {
  signHs256: (payload: Record<string, unknown>, secret: string) => string;
  verifyHs256: (token: unknown, secret: string, nowSeconds: number) => { valid: true; payload: Record<string, unknown> } | { valid: false; reason: string };
};

const SECRET = "a-shared-secret-of-the-verifier-site";
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

describe("the sandbox's HS256 tokens", () => {
  it("are JWTs jose verifies, with the header and claims as written", async () => {
    const claims = { iat: now(), iss: "rekey.example", sub: "auth0|u1", exp: now() + 900, state: "s1" };
    const token = signHs256(claims, SECRET);
    const { payload, protectedHeader } = await jwtVerify(token, key, { algorithms: ["HS256"] });
    expect(protectedHeader).toEqual({ alg: "HS256", typ: "JWT" });
    expect(payload).toEqual(claims);
    await expect(jwtVerify(token, new TextEncoder().encode("another secret"), { algorithms: ["HS256"] })).rejects.toMatchObject({ code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
  });

  it("read jose's tokens: valid ones give their payload, and jose's expired, early or other-algorithm ones are refused", async () => {
    const sign = (claims: Record<string, unknown>, alg = "HS256") => new SignJWT(claims).setProtectedHeader({ alg, typ: "JWT" }).sign(alg === "HS512" ? new TextEncoder().encode(SECRET.repeat(2)) : key);
    // One reading of the clock: the payload's expiry is compared with what was signed, and a second can pass meanwhile.
    const exp = now() + 60;
    const good = await sign({ sub: "auth0|u1", state: "s1", exp });
    expect(verifyHs256(good, SECRET, now())).toEqual({ valid: true, payload: { sub: "auth0|u1", state: "s1", exp } });
    expect(verifyHs256(await sign({ exp: now() - 1 }), SECRET, now())).toEqual({ valid: false, reason: "jwt expired" });
    expect(verifyHs256(await sign({ nbf: now() + 60 }), SECRET, now())).toEqual({ valid: false, reason: "jwt not active" });
    expect(verifyHs256(await sign({ sub: "x" }, "HS512"), SECRET, now())).toEqual({ valid: false, reason: "invalid algorithm" });
    expect(verifyHs256(good, "another secret", now())).toEqual({ valid: false, reason: "invalid signature" });
  });
});
