import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { JOB_STATUSES } from "@/lib/jobs";
import { defaultConnection } from "@/lib/users";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { RESET_SOURCES, RESET_STATES } from "./states";

/** The values a CHECK constraint of the migrated database allows, in its order. */
async function allowedBy(constraint: string): Promise<string[]> {
  const db = await prisma();
  const [row] = await db.$queryRaw<Array<{ def: string }>>`
    SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
      JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE c.conname = ${constraint} AND n.nspname = current_schema()`;
  if (!row) return [];
  return [...row.def.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe.each(testDatabaseKinds())("the closed sets as CHECK constraints, on %s", (kind) => {
  useTestDatabase(kind);

  it("reset_flows.state, reset_flows.source and jobs.status allow exactly the code's lists", async () => {
    expect(await allowedBy("reset_flows_state_check")).toEqual([...RESET_STATES]);
    expect(await allowedBy("reset_flows_source_check")).toEqual([...RESET_SOURCES]);
    expect(await allowedBy("jobs_status_check")).toEqual([...JOB_STATUSES]);
  });

  it("refuses a row whose state, source or status the code has no branch for", async () => {
    const db = await prisma();
    const connection = await defaultConnection();
    const flow = { connectionId: connection.id, identifier: "someone", requesterHash: "h", expiresAt: new Date(Date.now() + 60_000) };
    await expect(db.resetFlow.create({ data: { ...flow, state: "almost_done" } })).rejects.toThrow(/reset_flows_state_check/);
    await expect(db.resetFlow.create({ data: { ...flow, source: "sms" } })).rejects.toThrow(/reset_flows_source_check/);
    await expect(db.job.create({ data: { type: "t", payload: {}, status: "paused" } })).rejects.toThrow(/jobs_status_check/);
    expect(await db.resetFlow.create({ data: flow })).toMatchObject({ state: "link_sent", source: "email" });
  });
});
