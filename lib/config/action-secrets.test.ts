import { describe, expect, it } from "vitest";
import { actionSecrets, actionSecretSlug } from "./action-secrets";

describe("Action secrets from the environment", () => {
  it("derives a file's slug without extension or order prefix", () => {
    expect(actionSecretSlug("10-revoke-sessions.js")).toBe("REVOKE_SESSIONS");
    expect(actionSecretSlug("/srv/actions/post-change-password/020_email.provider.ts")).toBe("EMAIL_PROVIDER");
    expect(actionSecretSlug("audit.mjs")).toBe("AUDIT");
    expect(actionSecretSlug("2024.cjs")).toBe("2024");
  });

  it("gives every file the shared secrets and one file its scoped ones, the scoped winning", () => {
    const env = {
      ACTION_SECRET_API_KEY: "shared",
      ACTION_SECRET_apiKey: "case kept",
      ACTION_SECRET_API_KEY__REVOKE_SESSIONS: "scoped",
      ACTION_SECRET_ONLY_MINE__revoke_sessions: "scope matched case-insensitively",
      ACTION_SECRET_OTHER__EMAIL: "not for revoke-sessions",
      ACTION_SECRET_: "ignored: no name",
      UNRELATED: "ignored",
    };
    expect(actionSecrets("10-revoke-sessions.js", env)).toEqual({
      API_KEY: "scoped",
      apiKey: "case kept",
      ONLY_MINE: "scope matched case-insensitively",
    });
    expect(actionSecrets("30-email.js", env)).toEqual({ API_KEY: "shared", apiKey: "case kept", OTHER: "not for revoke-sessions" });
  });
});
