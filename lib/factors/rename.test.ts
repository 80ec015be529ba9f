import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { generateRecoveryCodes, listAccountFactors, renameFactor } from ".";
import { newReauthedUser } from "./testing/fixtures";

describe.each(testDatabaseKinds())("renameFactor (%s)", (kind) => {
  useTestDatabase(kind);

  it("renames only the owner's confirmed security key, with a password confirmed", async () => {
    const { userId, actor } = await newReauthedUser();
    const other = await newReauthedUser();
    const db = await prisma();
    const key = await db.factor.create({ data: { userId, type: "webauthn-roaming", name: "Security key 1", confirmedAt: new Date() } });

    await expect(renameFactor(other.actor, key.id, "Stolen")).rejects.toMatchObject({ code: "FACTOR_NOT_FOUND" });
    await expect(renameFactor({ ...actor, reauth: undefined }, key.id, "Desk key")).rejects.toMatchObject({ code: "REAUTH_REQUIRED" });
    await renameFactor(actor, key.id, "Desk key");
    expect((await listAccountFactors(userId)).find((f) => f.id === key.id)?.name).toBe("Desk key");

    // Recovery codes and the like are named by what they are.
    await generateRecoveryCodes(actor);
    const codes = (await listAccountFactors(userId)).find((f) => f.type === "recovery-code")!;
    await expect(renameFactor(actor, codes.id, "Mine")).rejects.toMatchObject({ code: "FACTOR_NOT_FOUND" });
  });
});
