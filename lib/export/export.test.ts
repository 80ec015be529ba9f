import crypto from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { STORED_CHUNK_BYTES } from "@/lib/db";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { defaultConnectionId } from "@/lib/users";
import { createUserExport, downloadUserExport, runUserExportJob, userExportJobView } from ".";
import { exportLine, readPath } from "./fields";

const never = new AbortController().signal;

async function downloaded(location: string): Promise<string> {
  const url = new URL(location);
  const id = decodeURIComponent(url.pathname.split("/")[4]!);
  const response = await downloadUserExport(id, url.searchParams.get("expires"), url.searchParams.get("signature"));
  expect(response.headers.get("content-type")).toBe("application/gzip");
  return zlib.gunzipSync(Buffer.from(await response.arrayBuffer())).toString("utf8");
}

describe("export fields", () => {
  it("reads dotted and indexed paths and quotes CSV cells", () => {
    const user = { email: "a@b.c", user_metadata: { country: "FR" }, identities: [{ connection: "db" }] };
    expect(readPath(user, "identities[0].connection")).toBe("db");
    expect(readPath(user, "user_metadata.missing")).toBeUndefined();
    expect(exportLine({ name: 'Ann "A", B' }, [{ name: "name" }, { name: "email" }], "csv")).toBe('"Ann ""A"", B",\n');
    expect(exportLine(user, [{ name: "user_metadata.country", export_as: "country" }], "json")).toBe('{"country":"FR"}\n');
  });
});

describe.each(testDatabaseKinds())("users export on %s", (kind) => {
  const t = useTestDatabase(kind);
  const db = () => t.db().prisma;

  it("exports the connection's users as gzip CSV and as JSON lines, with Auth0's field names and a signed location", async () => {
    const connectionId = await defaultConnectionId();
    for (let i = 0; i < 1203; i++) {
      await db().user.create({ data: { id: `e${String(i).padStart(23, "0")}`, connectionId, email: `export${i}@example.com`, userMetadata: { country: i % 2 ? "FR" : "DE" } } });
    }
    const total = await db().user.count({ where: { connectionId } });
    const csv = await createUserExport({ connection_id: connectionId, format: "csv", fields: [{ name: "email" }, { name: "user_metadata.country", export_as: "country" }] });
    expect(await userExportJobView(csv.id)).toMatchObject({ type: "users_export", status: "pending", format: "csv", connection_id: connectionId });
    await runUserExportJob({ payload: { exportId: csv.id }, signal: never });
    const done = await userExportJobView(csv.id);
    expect(done).toMatchObject({ status: "completed", location: expect.stringContaining(`/api/v2/jobs/${csv.id}/download?expires=`) });
    const lines = (await downloaded(done!.location!)).trimEnd().split("\n");
    expect(lines[0]).toBe("email,country");
    expect(lines).toHaveLength(total + 1);
    expect(lines).toContain("export1@example.com,FR");

    const json = await createUserExport({ format: "json", limit: 5 });
    await runUserExportJob({ payload: { exportId: json.id }, signal: never });
    const rows = (await downloaded((await userExportJobView(json.id))!.location!)).trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toHaveProperty("user_id", expect.stringMatching(/^auth0\|/));
    expect(rows[0]).not.toHaveProperty("password_hash");
  }, 120_000);

  it("stores a large export in 64 KiB chunks that download as one gzip file, paging users by size", async () => {
    const connectionId = await defaultConnectionId();
    // 300 users with 20 KB of incompressible metadata: ~8 MB of JSON, ~6 MB of gzip.
    const notes = new Map<string, string>();
    await db().user.createMany({
      data: Array.from({ length: 300 }, (_, i) => {
        const id = `big${String(i).padStart(21, "0")}`;
        notes.set(`auth0|${id}`, crypto.randomBytes(15_000).toString("base64"));
        return { id, connectionId, email: `big-export${i}@example.com`, userMetadata: { note: notes.get(`auth0|${id}`) } };
      }),
    });
    const { id } = await createUserExport({ connection_id: connectionId, format: "json", fields: [{ name: "user_id" }, { name: "user_metadata.note", export_as: "note" }] });
    await runUserExportJob({ payload: { exportId: id }, signal: never });
    const chunks = await db().userExportChunk.findMany({ where: { exportId: id }, orderBy: { seq: "asc" } });
    expect(chunks.length).toBeGreaterThan(50);
    expect(chunks.slice(0, -1).every((c) => c.data.length === STORED_CHUNK_BYTES)).toBe(true);
    const rows = (await downloaded((await userExportJobView(id))!.location!)).trimEnd().split("\n").map((l) => JSON.parse(l) as { user_id: string; note?: string });
    expect(rows.length).toBe(await db().user.count({ where: { connectionId } }));
    const big = rows.filter((r) => notes.has(r.user_id));
    expect(big).toHaveLength(300);
    expect(big.every((r) => r.note === notes.get(r.user_id))).toBe(true);
  }, 120_000);

  it("refuses a tampered or expired location, a whole metadata object in CSV, and an unknown connection", async () => {
    const { id } = await createUserExport({ format: "json" });
    await runUserExportJob({ payload: { exportId: id }, signal: never });
    const url = new URL((await userExportJobView(id))!.location!);
    await expect(downloadUserExport(id, url.searchParams.get("expires"), "0".repeat(64))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(downloadUserExport(id, "1000", url.searchParams.get("signature"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(downloadUserExport("job_other", url.searchParams.get("expires"), url.searchParams.get("signature"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createUserExport({ format: "csv", fields: [{ name: "user_metadata" }] })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(createUserExport({ format: "json", connection_id: "con_doesnotexist00000" })).rejects.toMatchObject({ code: "INVALID_INPUT", data: { errorCode: "inexistent_connection" } });
    expect(await db().userExport.count({ where: { connectionId: "con_doesnotexist00000" } })).toBe(0);
  });

  it("starts an interrupted export over, so the file never holds two runs", async () => {
    const { id } = await createUserExport({ format: "json" });
    const dead = new AbortController();
    dead.abort();
    await expect(runUserExportJob({ payload: { exportId: id }, signal: dead.signal })).rejects.toThrow(/interrupted/);
    await runUserExportJob({ payload: { exportId: id }, signal: never });
    const text = await downloaded((await userExportJobView(id))!.location!);
    expect(text.trimEnd().split("\n")).toHaveLength(await db().user.count());
  });
});
