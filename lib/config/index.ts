import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { configSchema, type RawConfig } from "./schema";

export type Config = Omit<RawConfig, "AUTH_SECRET" | "PUBLIC_URL" | "DEV_MAILBOX" | "HOST" | "WEBAUTHN_RP_ID" | "WEBAUTHN_RP_NAME"> & {
  AUTH_SECRET: string;
  PUBLIC_URL: string;
  DEV_MAILBOX: boolean;
  HOST: string;
  WEBAUTHN_RP_ID: string;
  WEBAUTHN_RP_NAME: string;
  isProduction: boolean;
  /** Absolute path of DATA_DIR. */
  dataDir: string;
};

export class ConfigError extends Error {}

const MIN_SECRET_LENGTH = 32;

/** Parses an environment (process.env by default). Throws ConfigError listing every bad variable. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const raw = parsed.data;
  const isProduction = raw.NODE_ENV === "production";
  const dataDir = path.resolve(raw.DATA_DIR);
  // Its pages need no sign-in and show every reset link: never on a server people can reach.
  if (isProduction && raw.DEV_MAILBOX === true) {
    throw new ConfigError("DEV_MAILBOX=true is refused when NODE_ENV=production: /dev/mailbox would show every reset link to anyone. Send mail with SMTP_URL.");
  }
  if (raw.SMS_PROVIDER === "http" && !raw.SMS_HTTP_URL) {
    throw new ConfigError("Invalid configuration:\n  SMS_HTTP_URL: required when SMS_PROVIDER=http");
  }
  // A real provider bills every message: which countries to pay for is the operator's decision,
  // never a default that includes premium-rate destinations (Twilio's Geo Permissions advice).
  if (raw.SMS_PROVIDER === "http" && !raw.SMS_ALLOWED_COUNTRY_CODES) {
    throw new ConfigError("Invalid configuration:\n  SMS_ALLOWED_COUNTRY_CODES: required when SMS_PROVIDER=http: list the calling codes you send to (e.g. +1,+44), or * for every country");
  }
  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, "");
  return {
    ...raw,
    isProduction,
    dataDir,
    HOST: raw.HOST ?? "127.0.0.1",
    PUBLIC_URL: publicUrl,
    WEBAUTHN_RP_ID: raw.WEBAUTHN_RP_ID ?? new URL(publicUrl).hostname,
    WEBAUTHN_RP_NAME: raw.WEBAUTHN_RP_NAME ?? raw.PRODUCT_NAME,
    DEV_MAILBOX: raw.DEV_MAILBOX ?? (!isProduction && !raw.SMTP_URL),
    AUTH_SECRET: resolveAuthSecret(raw.AUTH_SECRET, isProduction, dataDir),
  };
}

function stripEmpty(env: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
}

// Production must bring its own strong secret. Development gets one generated once into the data
// directory, so sessions survive restarts and no secret is ever committed.
function resolveAuthSecret(given: string | undefined, isProduction: boolean, dataDir: string): string {
  if (given !== undefined) {
    if (given.length < MIN_SECRET_LENGTH || new Set(given).size < 10) {
      throw new ConfigError(`Invalid configuration:\n  AUTH_SECRET: must be at least ${MIN_SECRET_LENGTH} random characters`);
    }
    return given;
  }
  if (isProduction) {
    throw new ConfigError("Invalid configuration:\n  AUTH_SECRET: required when NODE_ENV=production (e.g. `openssl rand -base64 48`)");
  }
  const file = path.join(dataDir, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(48).toString("base64url");
    fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    console.warn(`[rekey] AUTH_SECRET is not set: generated a development secret in ${file}`);
    return secret;
  }
}

const CACHE = Symbol.for("rekey.config");
type WithCache = typeof globalThis & { [CACHE]?: Config };

/** The process configuration, parsed once. */
export function config(): Config {
  const g = globalThis as WithCache;
  g[CACHE] ??= parseConfig();
  return g[CACHE];
}

/** Tests only: replace the configuration (merged over the current environment). */
export function overrideConfig(overrides: Record<string, string | undefined>): Config {
  const g = globalThis as WithCache;
  g[CACHE] = parseConfig({ ...process.env, ...overrides });
  return g[CACHE];
}

export { configSchema };
export type { TrustProxy, TrustedSubnet } from "./trust-proxy";
export { actionSecrets, actionSecretSlug } from "./action-secrets";
export { sandboxEnvironment } from "./sandbox-environment";
