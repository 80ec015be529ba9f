// Users import benchmarks (issue 14): throughput of a 100,000-user file with mixed foreign hashes,
// and peak memory while a 100 MB file is uploaded and imported. The files are generated here, as a
// stream (never held whole in memory, never written to the repository).
// PostgreSQL with BENCH_DATABASE_URL=postgres://… (a fresh schema per run), else in-memory PGlite.
// Run alone: `npx tsx bench/import.ts [users=100000] [bigFileMB=100]`.
import crypto from "node:crypto";
import bcryptjs from "bcryptjs";
import { installDatabase, openDatabase, postgresTarget, type Database } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";

const USERS = Number(process.argv[2] ?? 100_000);
const BIG_MB = Number(process.argv[3] ?? 100);
process.env.AUTH_SECRET ??= "bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";

const BCRYPT = bcryptjs.hashSync("pw", 10);
const b64 = (b: Buffer) => b.toString("base64").replace(/=+$/, "");

/** User i of a mixed file: bcrypt, md5, salted sha256, pbkdf2, no password; `pad` bytes of metadata. */
function user(i: number, prefix: string, pad: string): string {
  const email = `${prefix}${i}@bench.example`;
  const password = `pw-${i}`;
  const meta = pad ? { user_metadata: { note: pad } } : {};
  switch (i % 5) {
    case 0:
      return JSON.stringify({ email, password_hash: BCRYPT, ...meta });
    case 1:
      return JSON.stringify({ email, custom_password_hash: { algorithm: "md5", hash: { value: crypto.createHash("md5").update(password).digest("hex"), encoding: "hex" } }, ...meta });
    case 2: {
      const salt = crypto.randomBytes(8);
      return JSON.stringify({
        email,
        custom_password_hash: {
          algorithm: "sha256",
          hash: { value: crypto.createHash("sha256").update(Buffer.concat([Buffer.from(password), salt])).digest("base64"), encoding: "base64" },
          salt: { value: salt.toString("hex"), encoding: "hex", position: "suffix" },
        },
        ...meta,
      });
    }
    case 3: {
      const salt = crypto.randomBytes(8);
      return JSON.stringify({ email, custom_password_hash: { algorithm: "pbkdf2", hash: { value: `$pbkdf2-sha256$i=1000,l=32$${b64(salt)}$${b64(crypto.pbkdf2Sync(password, salt, 1000, 32, "sha256"))}` } }, ...meta });
    }
    default:
      return JSON.stringify({ email, email_verified: true, given_name: `G${i}`, ...meta });
  }
}

/** The file as a stream of ~256 KiB pieces. */
async function* file(count: number, prefix: string, pad = ""): AsyncGenerator<Buffer> {
  let piece = "[\n";
  for (let i = 0; i < count; i++) {
    piece += (i ? ",\n" : "") + user(i, prefix, pad);
    if (piece.length >= 256 * 1024) {
      yield Buffer.from(piece);
      piece = "";
    }
  }
  yield Buffer.from(piece + "\n]\n");
}

/** Peak resident set size while `run` runs, sampled every 25 ms. */
async function withPeakRss<T>(run: () => Promise<T>): Promise<{ value: T; peakMb: number; baseMb: number }> {
  const mb = () => process.memoryUsage().rss / 1048576;
  const baseMb = mb();
  let peakMb = baseMb;
  const timer = setInterval(() => (peakMb = Math.max(peakMb, mb())), 25);
  try {
    return { value: await run(), peakMb: Math.max(peakMb, mb()), baseMb };
  } finally {
    clearInterval(timer);
  }
}

async function openBenchDatabase(): Promise<{ db: Database; label: string; drop(): Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const db = await openDatabase({ kind: "pglite-memory" });
    await applyMigrations(db);
    return { db, label: "PGlite (in memory)", drop: () => db.close() };
  }
  const schema = `rekey_bench_import_${crypto.randomBytes(4).toString("hex")}`;
  const base = postgresTarget(url);
  const db = await openDatabase({ kind: "postgres", url: base.kind === "postgres" ? base.url : url, schema });
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

async function importFile(db: Database, source: AsyncIterable<Buffer>) {
  const { createUserImport, runUserImportSlice, userImportJobView } = await import("@/lib/import");
  const connection = await db.prisma.connection.upsert({ where: { name: "Username-Password-Authentication" }, create: { id: "con_bench0000000000", name: "Username-Password-Authentication" }, update: {} });
  const t0 = performance.now();
  const { id } = await createUserImport({ connectionId: connection.id, upsert: false, sendCompletionEmail: false, file: source });
  const uploadedMs = performance.now() - t0;
  const signal = new AbortController().signal;
  for (;;) {
    await runUserImportSlice(id, signal, 60_000);
    const row = await db.prisma.userImport.findUniqueOrThrow({ where: { id } });
    if (row.status === "completed" || row.status === "failed") break;
    const seconds = (performance.now() - t0 - uploadedMs) / 1000;
    console.log(`  … ${row.nextIndex} users after ${seconds.toFixed(0)} s (${Math.round(row.nextIndex / seconds)} users/s), RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
  }
  const totalMs = performance.now() - t0;
  const view = await userImportJobView(id);
  const bytes = (await db.prisma.userImport.findUniqueOrThrow({ where: { id } })).fileBytes;
  return { uploadedMs, importMs: totalMs - uploadedMs, totalMs, summary: view?.summary, bytes };
}

async function main() {
  const bench = await openBenchDatabase();
  installDatabase(bench.db);
  try {
    // A 100 MB file: each user carries ~40 KB of metadata, so the file is big for its user count.
    const pad = "x".repeat(40_000);
    const count = Math.ceil((BIG_MB * 1048576) / (user(0, "big", pad).length + 2));
    const big = await withPeakRss(() => importFile(bench.db, file(count, "big", pad)));
    const b = big.value;
    console.log(`[${bench.label}] ${(b.bytes / 1048576).toFixed(1)} MB file, ${count} users: upload ${(b.uploadedMs / 1000).toFixed(1)} s, import ${(b.importMs / 1000).toFixed(1)} s = ${Math.round((b.summary?.inserted ?? 0) / (b.importMs / 1000))} users/s; summary ${JSON.stringify(b.summary)}; RSS ${big.baseMb.toFixed(0)} → peak ${big.peakMb.toFixed(0)} MB (+${(big.peakMb - big.baseMb).toFixed(0)} MB for a ${(b.bytes / 1048576).toFixed(0)} MB file)`);
    const mixed = await withPeakRss(() => importFile(bench.db, file(USERS, "mixed")));
    const m = mixed.value;
    console.log(`[${bench.label}] ${USERS} users, mixed hashes, ${(m.bytes / 1048576).toFixed(1)} MB: upload ${(m.uploadedMs / 1000).toFixed(1)} s, import ${(m.importMs / 1000).toFixed(1)} s = ${Math.round((m.summary?.inserted ?? 0) / (m.importMs / 1000))} users/s; summary ${JSON.stringify(m.summary)}; RSS ${mixed.baseMb.toFixed(0)} → peak ${mixed.peakMb.toFixed(0)} MB`);

  } finally {
    await bench.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
