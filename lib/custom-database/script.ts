import fs from "node:fs/promises";
import path from "node:path";
import { CUSTOM_DATABASE_DIR, executeHook } from "@/lib/actions";
import { actionSecrets, config } from "@/lib/config";
import { customDatabaseProfileSchema, type CustomDatabaseProfile } from "./profile";

export type CustomDatabaseScript = "login" | "get_user";

/** What a script said: a user, no such user, or a failure (a wrong password is one) with its reason. */
export type ScriptOutcome = { kind: "user"; profile: CustomDatabaseProfile } | { kind: "none" } | { kind: "failed"; reason: string };

/** The script's file, `ACTIONS_DIR/custom-database/<name>.js` (or .ts), or null when there is none. */
export async function scriptFile(name: CustomDatabaseScript): Promise<string | null> {
  const dir = path.resolve(config().ACTIONS_DIR, CUSTOM_DATABASE_DIR);
  for (const ext of [".js", ".ts"]) {
    const file = path.join(dir, name + ext);
    if (await fs.stat(file).then((s) => s.isFile(), () => false)) return file;
  }
  return null;
}

/**
 * Runs `login(email, password, callback)` or `getByEmail(email, callback)` in the Actions sandbox
 * (its own process, the Actions' time and memory limits, no access to the database or the
 * server's files). `configuration` holds the file's secrets (ACTION_SECRET_<NAME>, or
 * ACTION_SECRET_<NAME>__LOGIN / __GET_USER for one script), which are redacted from its output.
 */
export async function runCustomDatabaseScript(name: CustomDatabaseScript, args: { email: string; password?: string }): Promise<ScriptOutcome> {
  const file = await scriptFile(name);
  if (!file) return { kind: "none" };
  const secrets = actionSecrets(path.basename(file));
  const result = await executeHook({
    // Hook mode builds no api object, so the trigger is not used; the sandbox requires one.
    trigger: "post-change-password",
    file,
    secrets,
    user: { script: name, email: args.email, ...(args.password !== undefined ? { password: args.password } : {}) },
    context: { configuration: secrets },
  });
  if (!result.ok) return { kind: "failed", reason: `${result.error?.kind ?? "error"}: ${result.error?.message ?? "the script failed"}` };
  if (result.returnValue === undefined || result.returnValue === null) return { kind: "none" };
  const parsed = customDatabaseProfileSchema.safeParse(result.returnValue);
  if (!parsed.success) return { kind: "failed", reason: `the script returned an unusable profile: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}` };
  return { kind: "user", profile: parsed.data };
}
