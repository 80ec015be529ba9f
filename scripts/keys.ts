// `npm run keys -- list | rotate`: the OpenID Provider's signing keys. Each server builds its
// keystore when it starts, so a rotation is two runs of `rotate`, each followed by a rolling
// restart of every instance:
//   1. `rotate` publishes a next key per algorithm (served in the JWKS, not signing yet);
//      restart every instance, so all of them publish it before any signs with it.
//   2. `rotate` again promotes the next keys to active and retires the old ones (still published,
//      so tokens they signed keep verifying); restart every instance again.
// On the embedded database, stop the server first (one process may open it); start it after.
import { ConfigError } from "@/lib/config";
import { closeDatabase, database, DataDirLockedError } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { ensureSigningKeys, listSigningKeys, rotateSigningKeys } from "@/lib/oidc";

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== "list" && command !== "rotate") throw new ConfigError("Usage: npm run keys -- list | rotate");
  await applyMigrations(await database());
  await ensureSigningKeys();
  if (command === "rotate") {
    const result = await rotateSigningKeys();
    console.log(
      result.step === "published"
        ? `Published next keys ${result.kids.join(", ")}.\nRestart every instance, then run \`npm run keys -- rotate\` again to start signing with them.`
        : `Promoted ${result.kids.join(", ")} to active; the previous keys are retired (still published).\nRestart every instance to sign with the new keys.`,
    );
  }
  for (const key of await listSigningKeys()) console.log(`${key.status.padEnd(8)} ${key.alg.padEnd(6)} ${key.kid}  ${key.createdAt.toISOString()}`);
}

main().then(
  async () => {
    await closeDatabase();
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof DataDirLockedError ? `keys: ${error.message}` : error);
    process.exit(1);
  },
);
