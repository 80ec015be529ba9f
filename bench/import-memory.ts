// Peak memory of the users import and export jobs (issue 14: "memory flat whatever the file size")
// for users files of several sizes, side by side. Each size runs in a fresh process (RSS never
// shrinks back after a peak, so sizes measured in one process would hide each other) on a fresh
// database: a PGlite data directory under the temporary directory (the embedded mode as it runs in
// production, on disk: an in-memory PGlite would hold the file and the users in this process), or
// a fresh PostgreSQL schema with BENCH_DATABASE_URL=postgres://…. The files are generated as a
// stream, never written anywhere but the database.
// Run alone: `npx tsx bench/import-memory.ts [sizesMB=10,100]` (500 MB takes minutes: opt in).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { installDatabase, openDatabase, postgresTarget, type Database } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { importUser } from "./import-file";

/** Metadata per user: ~4 KB of random text (an export compresses as real data does, about 3:4). */
const PAD_BYTES = 3000;
/** Every 50th user is refused (a bad email): its error row is written as the import goes. */
const INVALID_EVERY = 50;

/** Peaks while a phase ran, and the heap still in use after a full collection once it ended (live, not garbage). */
type Phase = { peakRssMb: number; peakHeapMb: number; peakExternalMb: number; liveHeapMb: number; seconds: number };
export type ImportMemory = {
  sizeMb: number;
  database: string;
  users: number;
  failed: number;
  baseRssMb: number;
  baseHeapMb: number;
  upload: Phase;
  importing: Phase;
  exporting: Phase & { rows: number; fileMb: number };
};

const mb = (n: number) => n / 1048576;

/** Peaks of RSS, V8 heap and external memory (Buffers, PGlite's WebAssembly memory) while `run` runs. */
async function sampled(run: () => Promise<void>): Promise<Phase> {
  const peak = { rss: 0, heap: 0, external: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
    peak.external = Math.max(peak.external, m.external);
  };
  const t0 = performance.now();
  sample();
  const timer = setInterval(sample, 20);
  try {
    await run();
    sample();
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - t0) / 1000;
  globalThis.gc?.();
  return { peakRssMb: mb(peak.rss), peakHeapMb: mb(peak.heap), peakExternalMb: mb(peak.external), liveHeapMb: mb(process.memoryUsage().heapUsed), seconds };
}

/**
 * A fresh, migrated database: a fresh schema on BENCH_DATABASE_URL's server, else PGlite in a new
 * directory (or in memory, where the database's own pages count in this process's memory).
 */
export async function openFresh(databaseUrl: string | undefined, embedded: "disk" | "memory" = "disk"): Promise<{ db: Database; label: string; drop(): Promise<void> }> {
  if (!databaseUrl) {
    const dataDir = embedded === "disk" ? fs.mkdtempSync(path.join(os.tmpdir(), "rekey-bench-import-")) : null;
    const db = await openDatabase(dataDir ? { kind: "pglite", dataDir } : { kind: "pglite-memory" });
    await applyMigrations(db);
    return {
      db,
      label: dataDir ? "PGlite (on disk)" : "PGlite (in memory)",
      async drop() {
        await db.close();
        if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `rekey_bench_import_${crypto.randomBytes(4).toString("hex")}`;
  const base = postgresTarget(databaseUrl);
  const db = await openDatabase({ kind: "postgres", url: base.kind === "postgres" ? base.url : databaseUrl, schema });
  await db.prisma.$executeRawUnsafe(`CREATE SCHEMA "${schema}"`);
  await applyMigrations(db);
  return {
    db,
    label: "PostgreSQL",
    async drop() {
      await db.prisma.$executeRawUnsafe(`DROP SCHEMA "${schema}" CASCADE`);
      await db.close();
    },
  };
}

/**
 * A users file of at most `bytes` (Auth0's limit is a maximum: 500 MB must fit under it), as a
 * stream of ~256 KiB pieces; every INVALID_EVERY-th user has a bad email.
 */
async function* usersFile(bytes: number, prefix: string): AsyncGenerator<Buffer> {
  let piece = "[\n";
  let written = 0;
  for (let i = 0; ; i++) {
    const pad = crypto.randomBytes(PAD_BYTES).toString("base64");
    const user = i % INVALID_EVERY === INVALID_EVERY - 1 ? JSON.stringify({ email: `not-an-email-${i}`, user_metadata: { note: pad } }) : importUser(i, prefix, pad);
    const next = (i ? ",\n" : "") + user;
    if (written + piece.length + next.length + 3 > bytes) break;
    piece += next;
    if (piece.length >= 256 * 1024) {
      yield Buffer.from(piece);
      written += piece.length;
      piece = "";
    }
  }
  yield Buffer.from(piece + "\n]\n");
}

/**
 * The same file made by another process (a client, as in real life) and read from its stdout:
 * making it here would count its own garbage (a 256 KiB string per piece: +90 MB RSS and a heap
 * peak of 47 MB for 500 MB, with no upload at all) in the peaks measured for the server's work.
 */
function usersFileFromClient(bytes: number, prefix: string): AsyncIterable<Buffer> {
  const proc = spawn(process.execPath, [...process.execArgv, import.meta.filename, "--generate", String(bytes), prefix], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve, reject) => proc.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the file generator exited with ${code}`)))));
  return (async function* () {
    yield* proc.stdout as AsyncIterable<Buffer>;
    await exited;
  })();
}

/**
 * POST /api/v2/jobs/users-imports as a client sends it: a multipart body streamed to the route
 * handler Next runs (the route skips the proxy, so Next hands it the body as a stream), with a
 * token of a machine client holding create:users. Returns the job id the endpoint answers.
 */
async function uploadThroughApi(connectionId: string, file: AsyncIterable<Buffer>): Promise<string> {
  const { createMachineClient } = await import("@/lib/management");
  const { CLIENT_IP_HEADER, sealClientIp } = await import("@/lib/http");
  const tokenRoute = await import("@/app/oauth/token/route");
  const importsRoute = await import("@/app/api/v2/jobs/users-imports/route");
  const base = "http://localhost:3000";
  const ctx = { ip: "127.0.0.1", userAgent: "bench", method: "POST" } as never;
  const { client, clientSecret } = await createMachineClient({ name: `bench import ${crypto.randomUUID()}`, scopes: ["create:users"] }, { id: "bench", kind: "admin" }, ctx);
  const headers = (more: Record<string, string>) => new Headers({ [CLIENT_IP_HEADER]: sealClientIp("127.0.0.1"), ...more });
  const tokenResponse = await tokenRoute.POST(
    new Request(`${base}/oauth/token`, {
      method: "POST",
      headers: headers({ "content-type": "application/json" }),
      body: JSON.stringify({ grant_type: "client_credentials", client_id: client.id, client_secret: clientSecret, audience: `${base}/api/v2/` }),
    }),
  );
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const boundary = `bench${crypto.randomBytes(8).toString("hex")}`;
  const multipart = async function* () {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="connection_id"\r\n\r\n${connectionId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="users"; filename="users.json"\r\nContent-Type: application/json\r\n\r\n`);
    yield* file;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  };
  const response = await importsRoute.POST(
    new Request(`${base}/api/v2/jobs/users-imports`, {
      method: "POST",
      headers: headers({ authorization: `Bearer ${token}`, "content-type": `multipart/form-data; boundary=${boundary}` }),
      body: Readable.toWeb(Readable.from(multipart())) as ReadableStream,
      duplex: "half",
    } as RequestInit),
    { params: Promise.resolve({}) as never },
  );
  const body = (await response.json()) as { id?: string; message?: string };
  if (response.status !== 201 || !body.id) throw new Error(`the endpoint answered ${response.status}: ${body.message}`);
  return body.id;
}

/** The child: one size on one fresh database, one JSON line on stdout. */
async function child(sizeMb: number, databaseUrl: string | undefined): Promise<ImportMemory> {
  process.env.AUTH_SECRET ??= "bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";
  process.env.PUBLIC_URL = "http://localhost:3000";
  const fresh = await openFresh(databaseUrl);
  installDatabase(fresh.db);
  const db = fresh.db.prisma;
  try {
    const { createUserImport, runUserImportSlice } = await import("@/lib/import");
    const { createUserExport } = await import("@/lib/export");
    const { DEFAULT_EXPORT_FIELDS } = await import("@/lib/export/fields");
    const { runUserExportJob } = await import("@/lib/export/run-export");
    const signal = new AbortController().signal;
    const connection = await db.connection.upsert({ where: { name: "Username-Password-Authentication" }, create: { id: "con_bench0000000000", name: "Username-Password-Authentication" }, update: {} });
    const upload = async (file: AsyncIterable<Buffer>) => (await createUserImport({ connectionId: connection.id, upsert: false, sendCompletionEmail: false, file })).id;
    const run = async (id: string) => {
      for (;;) {
        await runUserImportSlice(id, signal);
        const row = await db.userImport.findUniqueOrThrow({ where: { id } });
        if (row.status === "completed" || row.status === "failed") return row;
      }
    };
    const exportAll = async () => {
      // The default fields and each user's metadata: a file about as large as the import's.
      const fields = [...DEFAULT_EXPORT_FIELDS, { name: "user_metadata" }];
      const { id } = await createUserExport({ connection_id: connection.id, format: "json", fields });
      await runUserExportJob({ payload: { exportId: id }, signal });
      return db.userExport.findUniqueOrThrow({ where: { id } });
    };
    // Warm-up: every code path loaded and every query prepared once before the baseline.
    await run(await upload(usersFileFromClient(1024 * 1024, "warm")));
    await exportAll();
    await db.userExport.deleteMany();
    globalThis.gc?.();
    const base = process.memoryUsage();

    let id = "";
    const uploading = await sampled(async () => {
      id = await uploadThroughApi(connection.id, usersFileFromClient(sizeMb * 1024 * 1024, "big"));
    });
    let row!: Awaited<ReturnType<typeof run>>;
    const importing = await sampled(async () => {
      row = await run(id);
    });
    let exported!: Awaited<ReturnType<typeof exportAll>>;
    const exporting = await sampled(async () => {
      exported = await exportAll();
    });
    return {
      sizeMb,
      database: fresh.label,
      users: row.inserted + row.updated + row.failed,
      failed: row.failed,
      baseRssMb: mb(base.rss),
      baseHeapMb: mb(base.heapUsed),
      upload: uploading,
      importing,
      exporting: { ...exporting, rows: exported.rows, fileMb: mb(exported.fileBytes) },
    };
  } finally {
    await fresh.drop();
  }
}

/** Runs each size in its own process, one after the other, and returns their figures. */
export async function measureImportMemory(sizesMb: number[], databaseUrl: string | undefined): Promise<ImportMemory[]> {
  const results: ImportMemory[] = [];
  for (const size of sizesMb) {
    const out = await new Promise<string>((resolve, reject) => {
      const env = { ...process.env, BENCH_DATABASE_URL: databaseUrl ?? "" };
      const proc = spawn(process.execPath, [...process.execArgv, "--expose-gc", path.join(import.meta.dirname, "import-memory.ts"), "--child", String(size)], { env, stdio: ["ignore", "pipe", "inherit"] });
      let stdout = "";
      proc.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      proc.on("error", reject);
      proc.on("exit", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`import-memory child for ${size} MB exited with ${code}`))));
    });
    const line = out.split("\n").find((l) => l.startsWith("{"));
    if (!line) throw new Error(`import-memory child for ${size} MB printed no figures: ${out}`);
    results.push(JSON.parse(line) as ImportMemory);
  }
  return results;
}

/** One line per size: peaks above the warmed-up idle process, and the live heap after each phase. */
export function describeImportMemory(r: ImportMemory): string {
  const above = (peak: number) => `+${(peak - r.baseRssMb).toFixed(0)}`;
  const heap = (p: Phase) => `heap peak ${p.peakHeapMb.toFixed(0)}, live after ${p.liveHeapMb.toFixed(0)} MB`;
  return (
    `${r.sizeMb} MB (${r.users} users, ${r.failed} refused): idle ${r.baseRssMb.toFixed(0)} MB RSS, heap ${r.baseHeapMb.toFixed(0)} MB; ` +
    `API upload RSS ${above(r.upload.peakRssMb)} MB, ${heap(r.upload)} (${r.upload.seconds.toFixed(0)} s); ` +
    `import RSS ${above(r.importing.peakRssMb)} MB, ${heap(r.importing)}, external ≤ ${r.importing.peakExternalMb.toFixed(0)} MB (${r.importing.seconds.toFixed(0)} s, ${Math.round(r.users / r.importing.seconds)} users/s); ` +
    `export of ${r.exporting.rows} users RSS ${above(r.exporting.peakRssMb)} MB, ${heap(r.exporting)} (${r.exporting.seconds.toFixed(0)} s, ${r.exporting.fileMb.toFixed(0)} MB gzip)`
  );
}

/** `npm run bench`'s rows: each phase's peak RSS above the idle process, the sizes side by side. */
export function importMemoryRows(results: ImportMemory[]): Array<{ figure: string; value: string; goal: string; ok: boolean | null }> {
  if (!results.length) return [];
  const sizes = results.map((r) => `${r.sizeMb}`).join(" / ");
  const phase = (name: string, of: (r: ImportMemory) => Phase) => ({
    figure: `${name} peak RSS, ${sizes} MB file (${results[0]!.database})`,
    value: `${results.map((r) => `+${(of(r).peakRssMb - r.baseRssMb).toFixed(0)}`).join(" / ")} MB; live heap after ${results.map((r) => of(r).liveHeapMb.toFixed(0)).join(" / ")} MB`,
    goal: "flat whatever the size",
    ok: null,
  });
  return [
    phase("users import: API upload", (r) => r.upload),
    phase("users import: the job", (r) => r.importing),
    phase("users export of the same users", (r) => r.exporting),
    {
      figure: `  (info) import throughput, ${sizes} MB (${results[0]!.database})`,
      value: `${results.map((r) => Math.round(r.users / r.importing.seconds)).join(" / ")} users/s (${results.map((r) => r.users).join(" / ")} users of ~4 KB); idle RSS ${results.map((r) => r.baseRssMb.toFixed(0)).join(" / ")} MB`,
      goal: "",
      ok: null,
    },
  ];
}

if (process.argv[1] === import.meta.filename) {
  const [mode, size] = process.argv.slice(2);
  const run =
    mode === "--generate"
      ? (async () => {
          for await (const piece of usersFile(Number(size), process.argv[4]!)) if (!process.stdout.write(piece)) await new Promise((resolve) => process.stdout.once("drain", resolve));
          await new Promise((resolve) => process.stdout.write("", resolve));
        })()
      : mode === "--child"
      ? child(Number(size), process.env.BENCH_DATABASE_URL || undefined).then((r) => console.log(JSON.stringify(r)))
      : (async () => {
          const sizes = (mode ?? "10,100").split(",").map(Number);
          console.log(`[import-memory] load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} at start`);
          for (const r of await measureImportMemory(sizes, process.env.BENCH_DATABASE_URL || undefined)) console.log(`[${r.database}] ${describeImportMemory(r)}`);
          console.log(`[import-memory] load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} at the end`);
        })();
  run.then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
