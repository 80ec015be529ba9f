import crypto from "node:crypto";
import { overrideConfig } from "@/lib/config";
import { installDatabase, openDatabase, prisma } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { hashPassword, verifyPassword } from "@/lib/passwords";
import { createUser, defaultConnection, setUserPassword, signInWithPassword } from "@/lib/users";
import { completePasswordReset, encodeResetCookie } from "@/lib/reset";

const ctx = () => ({ ip: `10.${crypto.randomInt(1, 254)}.${crypto.randomInt(1, 254)}.${crypto.randomInt(1, 254)}`, userAgent: "bench", hostname: "localhost", method: "POST" });
const p50 = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!.toFixed(2);
overrideConfig({ LOG_LEVEL: "warn", ACTIONS_DIR: "/tmp/empty-actions" });
const db = await openDatabase({ kind: "pglite-memory" });
await applyMigrations(db);
installDatabase(db);
const connection = await defaultConnection();
const users = [];
for (let i = 0; i < 30; i++) users.push(await createUser({ email: `u${i}@example.com`, password: "Quiet-Harbor-Lantern-4711" }, { connection, ctx: ctx() }));
const t = { signin: [] as number[], verify: [] as number[], setpw: [] as number[], hash: [] as number[] };
for (let i = 0; i < 60; i++) {
  const u = users[i % users.length]!;
  let s = performance.now();
  await signInWithPassword(u.email!, "Quiet-Harbor-Lantern-4711", ctx());
  t.signin.push(performance.now() - s);
  s = performance.now();
  await verifyPassword(u.passwordHash ?? (await (await prisma()).user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash!, "Quiet-Harbor-Lantern-4711");
  t.verify.push(performance.now() - s);
}
for (let i = 0; i < 40; i++) {
  const u = users[i % users.length]!;
  const pw = `New-${crypto.randomBytes(8).toString("hex")}-x`;
  let s = performance.now();
  await setUserPassword({ userId: u.id, newPassword: pw, reason: "reset", ctx: ctx() });
  t.setpw.push(performance.now() - s);
  s = performance.now();
  await hashPassword(pw);
  t.hash.push(performance.now() - s);
}
console.log(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, p50(v.slice(10))])));
process.exit(0);
