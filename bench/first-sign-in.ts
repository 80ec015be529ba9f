// The first sign-in of an imported bcrypt (cost 10) user ÷ a normal sign-in (issue 14): the same
// signInWithPassword on the same database, interleaved so both see the same load. The first
// sign-in verifies bcrypt beside a dummy argon2 verify, then hashes argon2id and stores it.
// In-memory PGlite. Run alone: `npx tsx bench/first-sign-in.ts [samples=40]`.
import bcryptjs from "bcryptjs";
import { installDatabase, openDatabase } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { summarize } from "./stats";

const SAMPLES = Number(process.argv[2] ?? 40);
process.env.AUTH_SECRET ??= "bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";

async function main() {
  const db = await openDatabase({ kind: "pglite-memory" });
  await applyMigrations(db);
  installDatabase(db);
  const { createUser, defaultConnection, signInWithPassword } = await import("@/lib/users");
  const connection = await defaultConnection();
  const ctx = (i: number) => ({ ip: `10.9.${i >> 8}.${i & 255}`, userAgent: "bench" }) as never;
  const password = "Imported-Passw0rd-1";
  const bcrypt = bcryptjs.hashSync(password, 10);
  const native: string[] = [];
  const imported: string[] = [];
  for (let i = 0; i < SAMPLES + 3; i++) {
    const n = await createUser({ email: `native${i}@bench.example`, password }, { connection, ctx: ctx(i) });
    native.push(n.email!);
    await db.prisma.user.create({ data: { id: `b${String(i).padStart(23, "0")}`, connectionId: connection.id, email: `bcrypt${i}@bench.example`, passwordHash: bcrypt, passwordVersion: 1 } });
    imported.push(`bcrypt${i}@bench.example`);
  }
  const first: number[] = [];
  const normal: number[] = [];
  for (let i = 0; i < SAMPLES + 3; i++) {
    for (const [email, into] of [[imported[i]!, first], [native[i]!, normal]] as const) {
      const t0 = performance.now();
      await signInWithPassword(email, password, ctx(1000 + i));
      if (i >= 3) into.push(performance.now() - t0);
    }
  }
  const upgraded = await db.prisma.user.count({ where: { email: { startsWith: "bcrypt" }, passwordHash: { startsWith: "$argon2id$" } } });
  const a = summarize(first);
  const b = summarize(normal);
  console.log(`first sign-in of a bcrypt-10 user p50 ${a.p50.toFixed(1)} ms (p95 ${a.p95.toFixed(1)}), normal sign-in p50 ${b.p50.toFixed(1)} ms (p95 ${b.p95.toFixed(1)}): ratio ${(a.p50 / b.p50).toFixed(2)}; ${upgraded}/${imported.length} hashes upgraded`);
  await db.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
