import fs from "node:fs/promises";
import { actionSecrets, actionSecretSlug } from "@/lib/config";

// `event.secrets.NAME`, `context.webtask.secrets.NAME`, `secrets["NAME"]` (any object called
// secrets: Auth0 authors often write `const { secrets } = event`), and destructuring
// `const { A, B: b } = event.secrets`. A static scan: a computed name (`secrets[key]`) is not seen.
const DOTTED = /\bsecrets\s*(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)/g;
const BRACKETED = /\bsecrets\s*(?:\?\.)?\[\s*(["'`])([^"'`\\\s]+)\1\s*\]/g;
const DESTRUCTURED = /\{([^{}]*)\}\s*=\s*(?:event|context\.webtask)\s*\.\s*secrets\b/g;

/** The secret names an Action or Hook source reads, sorted, each once. */
export function secretsUsed(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
  const names = new Set<string>();
  for (const match of code.matchAll(DOTTED)) names.add(match[1]!);
  for (const match of code.matchAll(BRACKETED)) names.add(match[2]!);
  for (const match of code.matchAll(DESTRUCTURED)) {
    for (const part of match[1]!.split(",")) {
      const name = /^\s*([A-Za-z_$][\w$]*)/.exec(part)?.[1];
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}

export type SecretUse = {
  name: string;
  /** Whether the environment gives this file the secret. */
  set: boolean;
  /** The variable that would set it for this file only (`ACTION_SECRET_<NAME>__<SLUG>`). */
  variable: string;
};

/** The secrets one file reads and whether each is set; an unreadable file reads none. */
export async function secretsOfFile(filePath: string, fileName: string, env?: Record<string, string | undefined>): Promise<SecretUse[]> {
  const source = await fs.readFile(filePath, "utf8").catch(() => "");
  const available = env ? actionSecrets(fileName, env) : actionSecrets(fileName);
  const slug = actionSecretSlug(fileName);
  return secretsUsed(source).map((name) => ({ name, set: Object.hasOwn(available, name), variable: `ACTION_SECRET_${name}__${slug}` }));
}
