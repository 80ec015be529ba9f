import type { AdapterPayload } from "oidc-provider";
import { describe, expect, it } from "vitest";
import { EXPIRY_SLACK_SECONDS, forgetStored, isUnchangedWrite, rememberStored } from "./unchanged-writes";

type Authorizations = Record<string, { sid?: string; grantId?: string }>;

const session = (exp: number, authorizations: Authorizations = { app: { sid: "s1", grantId: "g1" } }): AdapterPayload & { authorizations: Authorizations } => ({
  iat: 1000,
  exp,
  jti: "session-1",
  kind: "Session",
  uid: "u1",
  accountId: "auth0|1",
  loginTs: 1000,
  amr: ["pwd"],
  authorizations,
});

describe("unchanged writes", () => {
  const db = {};

  it("skips a save that only moves the expiry by less than the slack, whatever the order of the stored keys", () => {
    // As read back from JSONB: the same payload, its keys in another order.
    const stored = Object.fromEntries(Object.entries(session(5000)).reverse());
    rememberStored(db, "Session", "a", stored);
    expect(isUnchangedWrite(db, "Session", "a", session(5000 + EXPIRY_SLACK_SECONDS.Session! - 1))).toBe(true);
    expect(isUnchangedWrite(db, "Session", "a", session(5000 + EXPIRY_SLACK_SECONDS.Session!))).toBe(false);
  });

  it("writes a payload that changed anywhere, even deep inside", () => {
    rememberStored(db, "Session", "b", session(5000));
    expect(isUnchangedWrite(db, "Session", "b", session(5001, { app: { sid: "s1", grantId: "g2" } }))).toBe(false);
    expect(isUnchangedWrite(db, "Session", "b", { ...session(5001), accountId: "auth0|2" })).toBe(false);
  });

  it("keeps a snapshot: the provider changing the object it was given is a change", () => {
    const read = session(5000);
    rememberStored(db, "Session", "c", read);
    read.authorizations.app!.grantId = "g3";
    expect(isUnchangedWrite(db, "Session", "c", read)).toBe(false);
  });

  it("writes what it has not seen, what was deleted here, and models without a slack", () => {
    expect(isUnchangedWrite(db, "Session", "never-seen", session(5000))).toBe(false);
    rememberStored(db, "Session", "d", session(5000));
    forgetStored(db, "Session", "d");
    expect(isUnchangedWrite(db, "Session", "d", session(5000))).toBe(false);
    rememberStored(db, "AccessToken", "e", session(5000));
    expect(isUnchangedWrite(db, "AccessToken", "e", session(5000))).toBe(false);
  });

  it("keeps databases apart, and writes a payload without an expiry", () => {
    rememberStored(db, "Session", "f", session(5000));
    expect(isUnchangedWrite({}, "Session", "f", session(5000))).toBe(false);
    const noExpiry: AdapterPayload = { ...session(5000), exp: undefined };
    rememberStored(db, "Session", "g", noExpiry);
    expect(isUnchangedWrite(db, "Session", "g", noExpiry)).toBe(false);
  });
});
