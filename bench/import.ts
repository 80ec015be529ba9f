// Users import benchmark (issue 14): throughput of a 100,000-user file with mixed foreign hashes.
// The file is generated here, as a stream (never held whole in memory, never written to the
// repository). Peak memory per file size is bench/import-memory.ts's.
// PostgreSQL with BENCH_DATABASE_URL=postgres://… (a fresh schema per run), else in-memory PGlite.
// Run alone: `npx tsx bench/import.ts [users=100000]`.
import { importFile as file } from "./import-file";
import { installDatabase, type Database } from "@/lib/db";
import { openFresh } from "./import-memory";

const USERS = Number(process.argv[2] ?? 100_000);
process.env.AUTH_SECRET ??= "bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";

/** Peak resident set size while `run` runs, sampled every 25 ms. */
async function withPeakRss<T>(run: () => Promise<T>): Promise<{ value: T; peakMb: number; baseMb: number; atPeak: string }> {
  const mb = (n: number) => n / 1048576;
  const baseMb = mb(process.memoryUsage().rss);
  let peakMb = baseMb;
  let atPeak = "";
  const sample = () => {
    const m = process.memoryUsage();
    if (mb(m.rss) <= peakMb) return;
    peakMb = mb(m.rss);
    atPeak = `heap ${mb(m.heapUsed).toFixed(0)}/${mb(m.heapTotal).toFixed(0)} MB, external ${mb(m.external).toFixed(0)} MB, array buffers ${mb(m.arrayBuffers).toFixed(0)} MB`;
  };
  const timer = setInterval(sample, 25);
  try {
    const value = await run();
    sample();
    return { value, peakMb, baseMb, atPeak };
  } finally {
    clearInterval(timer);
  }
}

async function importFile(db: Database, source: AsyncIterable<Buffer>) {
  const { createUserImport, runUserImportSlice, userImportJobView } = await import("@/lib/import");
  const connection = await db.prisma.connection.upsert({ where: { name: "Username-Password-Authentication" }, create: { id: "con_bench0000000000", name: "Username-Password-Authentication" }, update: {} });
  const t0 = performance.now();
  const upload = await withPeakRss(() => createUserImport({ connectionId: connection.id, upsert: false, sendCompletionEmail: false, file: source }));
  const { id } = upload.value;
  const uploadedMs = performance.now() - t0;
  const signal = new AbortController().signal;
  const run = await withPeakRss(async () => {
    for (;;) {
      await runUserImportSlice(id, signal);
      const row = await db.prisma.userImport.findUniqueOrThrow({ where: { id } });
      if (row.status === "completed" || row.status === "failed") break;
      const seconds = (performance.now() - t0 - uploadedMs) / 1000;
      console.log(`  … ${row.nextIndex} users after ${seconds.toFixed(0)} s (${Math.round(row.nextIndex / seconds)} users/s), RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
    }
  });
  const totalMs = performance.now() - t0;
  const view = await userImportJobView(id);
  const bytes = (await db.prisma.userImport.findUniqueOrThrow({ where: { id } })).fileBytes;
  const phases = `upload peak ${upload.peakMb.toFixed(0)} MB (${upload.atPeak}), import peak ${run.peakMb.toFixed(0)} MB (${run.atPeak})`;
  return { uploadedMs, importMs: totalMs - uploadedMs, totalMs, summary: view?.summary, bytes, phases };
}

async function main() {
  const bench = await openFresh(process.env.BENCH_DATABASE_URL, "memory");
  installDatabase(bench.db);
  try {
    const mixed = await withPeakRss(() => importFile(bench.db, file(USERS, "mixed")));
    const m = mixed.value;
    console.log(`[${bench.label}] ${USERS} users, mixed hashes, ${(m.bytes / 1048576).toFixed(1)} MB: upload ${(m.uploadedMs / 1000).toFixed(1)} s, import ${(m.importMs / 1000).toFixed(1)} s = ${Math.round((m.summary?.inserted ?? 0) / (m.importMs / 1000))} users/s; summary ${JSON.stringify(m.summary)}; RSS ${mixed.baseMb.toFixed(0)} → peak ${mixed.peakMb.toFixed(0)} MB; ${m.phases}`);
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
