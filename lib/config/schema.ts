import { z } from "zod";
import { LOCALES } from "@/lib/i18n/locales";
import { parseTrustProxy } from "./trust-proxy";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off", ""])
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Every environment variable Rekey reads, with its default. The README's configuration table
 * is generated from these descriptions (`npm run config:table`), so keep them one sentence.
 */
export const configSchema = z.object({
  /** @default "development" */
  NODE_ENV: z.enum(["development", "production", "test"]).default("development")
    .describe("`production` turns on strict secrets, secure cookies and turns the dev mailbox off."),
  /** @default 3000 */
  PORT: int(1, 65535).default(3000).describe("Port the web server listens on."),
  /** @default "127.0.0.1" */
  HOST: z.string().min(1).optional()
    .describe("Interface the web server binds: loopback only by default; `0.0.0.0` accepts connections from other machines (your proxy's)."),
  /** @default "http://localhost:3000" */
  PUBLIC_URL: z.url().optional()
    .describe("The URL users reach Rekey at; links in emails and the WebAuthn origin use it (default http://localhost:PORT)."),
  /** @default "./data" */
  DATA_DIR: z.string().min(1).default("./data")
    .describe("Directory of the embedded database (PGlite) and local secrets; used when DATABASE_URL is unset."),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional()
    .describe("PostgreSQL URL; `?schema=name` puts the tables in that schema (default `public`). Unset: the embedded database in DATA_DIR."),
  AUTH_SECRET: z.string().optional()
    .describe("Secret (≥ 32 chars) signing sessions and flow cookies. Required in production; in development one is generated into DATA_DIR."),
  /** @default "en" */
  DEFAULT_LOCALE: z.enum(LOCALES).default("en")
    .describe("Language of public pages and emails when neither the application (ui_locales), the person's choice, the user's locale nor the browser names a supported one: en, de, fr, es, pt-BR, it, nl, pl, ja, zh-CN, ar or he."),
  /** @default "Rekey" */
  PRODUCT_NAME: z.string().min(1).max(60).default("Rekey").describe("Name shown on pages and in emails."),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional()
    .describe("SMTP server for real delivery, e.g. smtp://user:pass@host:587. Unset: the dev mailbox."),
  /** @default "Rekey <no-reply@localhost>" */
  MAIL_FROM: z.string().min(3).default("Rekey <no-reply@localhost>").describe("From address of every email."),
  DEV_MAILBOX: bool.optional()
    .describe("Keep mail in the database and show it at /dev/mailbox: default on when SMTP_URL is unset, outside production; `true` with SMTP_URL keeps a copy. Refused in production."),
  /** @default false */
  DEV_MAILBOX_PUBLIC: bool.default(false)
    .describe("Show /dev/mailbox to every client; by default only to clients on this machine (loopback), others get a 404."),
  /** @default true */
  WORKER_IN_PROCESS: bool.default(true)
    .describe("Run the job worker inside the web server. Turn off when running `npm run worker` separately."),
  /** @default 250 */
  WORKER_POLL_MS: int(10, 60_000).default(250).describe("How often an idle worker looks for due jobs (ms)."),
  /** @default 60 */
  JOB_LEASE_SECONDS: int(1, 3600).default(60)
    .describe("How long a claimed job stays claimed; a job whose worker died runs again after this."),
  /** @default 5 */
  JOB_MAX_ATTEMPTS: int(1, 50).default(5).describe("Attempts before a job is moved to dead."),
  /** @default 524288000 */
  USER_IMPORT_MAX_BYTES: int(1024, 2_000_000_000).default(524_288_000)
    .describe("Largest users file POST /api/v2/jobs/users-imports accepts, in bytes (500 MB, as Auth0's limit for large imports)."),
  /** @default 19456 */
  ARGON2_MEMORY_KIB: int(1024, 4_194_304).default(19456).describe("argon2id memory cost in KiB (OWASP minimum 19456)."),
  /** @default 2 */
  ARGON2_TIME_COST: int(1, 20).default(2).describe("argon2id iterations."),
  /** @default 1 */
  ARGON2_PARALLELISM: int(1, 16).default(1).describe("argon2id lanes."),
  /** @default "false" */
  TRUST_PROXY: z.string().default("false").transform((value, ctx) => {
    const trust = parseTrustProxy(value);
    if (typeof trust !== "string") return trust;
    ctx.addIssue({ code: "custom", message: trust });
    return z.NEVER;
  }).describe("Proxies of yours in front of Rekey, whose X-Forwarded-For entries name the client: `false`, a number of hops (`1` = the address your one proxy appended; `true` means 1), or a comma-separated list of their addresses and CIDR ranges (`loopback`, `uniquelocal` allowed)."),
  SEED_ADMIN_PASSWORD: z.string().min(12).max(128).optional()
    .describe("Password of the demo admin created on first start (default: generated and printed once)."),
  SEED_MACHINE_CLIENT: z.string().regex(/^[A-Za-z0-9_-]{8,64}:[A-Za-z0-9_-]{32,128}:[a-z_:, ]*$/, "must be <client_id>:<client_secret>:<scopes>, the id 8–64 and the secret 32–128 letters, digits, _ or -").optional()
    .describe("Bootstraps a Management API client at start: `<client_id>:<client_secret>:<comma-separated scopes>` (created or updated; the secret is stored hashed). Writes to admin users also need `update:admin_users`."),
  SEED_APPLICATIONS: z.string().max(65_536).optional()
    .describe("Applications created or updated at start, as a JSON array of Auth0 client objects each with its `client_id` and `client_secret` (name, app_type, callbacks, allowed_logout_urls, initiate_login_uri, ...): an example app's or a test's, kept in code."),
  /** @default 15 */
  RESET_FLOW_MINUTES: int(1, 24 * 60).default(15)
    .describe("Minutes a reset stays open once the email link or code was accepted, to finish the remaining steps."),
  /** @default 1000 */
  RESET_REQUEST_DELAY_MS: int(0, 60_000).default(1000)
    .describe("The worker opens a requested reset and sends its email after a random wait of 1 to 2 times this (ms), never while the request that asked is still answering (timing); 0: at the next poll."),
  /** @default true */
  RESET_REQUIRE_MFA: bool.default(true)
    .describe("With no post-challenge Action, ask a user who has a second factor (other than email) for it before the new password."),
  /** @default 900 */
  RESET_REDIRECT_SECONDS: int(1, 24 * 60 * 60).default(900)
    .describe("Seconds a user has to come back to /continue after an Action's redirect (never beyond the reset's own lifetime)."),
  /** @default "rekey" */
  TENANT_NAME: z.string().min(1).max(64).default("rekey")
    .describe("Tenant name given to Actions and Hooks as event.tenant.id and context.connection.tenant."),
  /** @default "./actions" */
  ACTIONS_DIR: z.string().min(1).default("./actions")
    .describe("Folder of the Action and Hook files, one sub-folder per trigger; relative paths start at the project root."),
  /** @default 20000 */
  ACTION_TIMEOUT_MS: int(100, 600_000).default(20_000)
    .describe("Wall-clock limit of one Action or Hook execution (ms); the file's sandbox process is stopped and replaced when it is reached."),
  /** @default 128 */
  ACTION_MEMORY_MB: int(16, 8192).default(128)
    .describe("Memory each Action file's sandbox process may use beyond Node's own (MB): the JavaScript heap and Buffers alike (resident memory, watched on Linux); an execution that exceeds it fails and the process is replaced."),
  /** @default 2 */
  ACTION_WORKERS: int(1, 64).default(2)
    .describe("Sandbox processes one Action file may have at once (each runs one execution at a time); executions of that file beyond this many wait. Each file keeps one warm; more start under load and stop after 30 s idle."),
  /** @default the hostname of PUBLIC_URL */
  WEBAUTHN_RP_ID: z.string().min(1).max(253).regex(/^[a-z0-9.-]+$/i, "must be a domain name such as example.com").optional()
    .describe("WebAuthn relying party ID: the domain security keys and passkeys are bound to (default the hostname of PUBLIC_URL)."),
  /** @default PRODUCT_NAME */
  WEBAUTHN_RP_NAME: z.string().min(1).max(60).optional()
    .describe("Name authenticators show for this site when a key is registered (default PRODUCT_NAME)."),
  /** @default "dev" */
  SMS_PROVIDER: z.enum(["dev", "http"]).default("dev")
    .describe("How SMS codes are sent: `dev` keeps them in the dev mailbox (to <number>@sms.dev); `http` POSTs JSON {to, body} to SMS_HTTP_URL."),
  SMS_HTTP_URL: z.url().optional().describe("Endpoint of the `http` SMS provider; required when SMS_PROVIDER=http."),
  SMS_HTTP_TOKEN: z.string().min(1).optional().describe("Bearer token sent to SMS_HTTP_URL (Authorization header), if the provider needs one."),
  /** @default every country with SMS_PROVIDER=dev; required with SMS_PROVIDER=http */
  SMS_ALLOWED_COUNTRY_CODES: z.string()
    .regex(/^\s*(\*|\+[1-9]\d{0,5}(\s*,\s*\+[1-9]\d{0,5})*)\s*$/, "must be * or calling codes such as +1,+44,+353")
    .transform((v): "*" | string[] => (v.trim() === "*" ? "*" : v.split(",").map((code) => code.trim())))
    .optional()
    .describe("Countries SMS may go to: calling codes (or longer prefixes) such as `+1,+44,+353`, or `*` for all; required with SMS_PROVIDER=http, against SMS pumping."),
  /** @default "info" */
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info").describe("Server output verbosity."),
});

export type RawConfig = z.infer<typeof configSchema>;
