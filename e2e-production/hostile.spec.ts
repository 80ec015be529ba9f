import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { bodyArb, clientAddress, enc, headerText, nastyString, nastyValue } from "./fixtures/hostile-input";
import { ADMIN_PASSWORD, managementToken, startCluster, type Cluster } from "./fixtures/cluster";
import {
  absorbCookies,
  actionBody,
  actionState,
  cookieHeader,
  leaksIn,
  routeFilesOfApp,
  send,
  serverActionExportsOfApp,
  serverActionsOfBuild,
  signIn,
  snapshot,
  snapshotDiff,
  waitForIdleWorker,
  type ActionRef,
  type Jar,
  type Sent,
} from "./fixtures/hostile";

// The hostile input suite (issue 6): a property-based storm against every route handler and server
// action, open redirects through every redirect parameter, CSRF on every form, and replay of the
// one-time secrets. One production server and one worker on a fresh PostgreSQL schema.
//
// Replays covered by Vitest rather than here (they need a software authenticator or an Action's
// redirect, which the domain tests drive directly):
// - WebAuthn challenges, registration and authentication: lib/factors/factors.test.ts ("enrolls
//   security keys … single-use challenges": the same answer again is WEBAUTHN_FAILED).
// - Authenticator-app (TOTP) codes: lib/factors/factors.test.ts ("refuses a replayed code").
// - Recovery codes: lib/factors/factors.test.ts ("each single use") and lib/reset/factor-step.test.ts.
// - Email and SMS one-time codes: lib/factors/factors.test.ts ("email codes need a verified address":
//   the used code again is FACTOR_CODE_EXPIRED; "a phone is confirmed by an SMS code": the same;
//   "two parallel redemptions of one code: exactly one wins").
// - /continue state: lib/reset/post-challenge/post-challenge.test.ts ("single-use state", "two
//   requests with one state at once: exactly one resumes", "tampered … change nothing").
// - Client-credentials tokens are not one-time secrets (Auth0 tokens live until they expire).

test.describe.configure({ mode: "serial" });

const SEED = Number(process.env.HOSTILE_SEED ?? 20260406);
const CONCURRENCY = 8;
const EVIL = "https://evil.example";
const CROSS_SITE = { origin: EVIL, "sec-fetch-site": "cross-site" };

type Auth = "none" | "user" | "admin" | "reset" | "bearer";
type Shape = "envelope" | "auth0" | "oauth" | "redirect" | "next-auth" | "any";

/**
 * Every route handler: the file, a concrete path to call, its methods, who it serves, and the
 * shape of its error bodies. The test fails if a route.ts exists that this table does not name.
 */
const ROUTES: { file: string; path: string; methods: string[]; auth: Auth; shape: Shape; fields: string[] }[] = [
  { file: "app/account/security/webauthn/options/route.ts", path: "/account/security/webauthn/options", methods: ["POST"], auth: "user", shape: "envelope", fields: ["kind", "name"] },
  { file: "app/account/security/webauthn/verify/route.ts", path: "/account/security/webauthn/verify", methods: ["POST"], auth: "user", shape: "envelope", fields: ["name", "response"] },
  { file: "app/admin/import/export/route.ts", path: "/admin/import/export", methods: ["POST"], auth: "admin", shape: "redirect", fields: ["format"] },
  { file: "app/admin/import/upload/route.ts", path: "/admin/import/upload", methods: ["POST"], auth: "admin", shape: "redirect", fields: ["users", "connection_id", "upsert", "send_completion_email"] },
  { file: "app/api/auth/[...nextauth]/route.ts", path: "/api/auth/callback/credentials", methods: ["GET", "POST"], auth: "none", shape: "next-auth", fields: ["csrfToken", "identifier", "password", "callbackUrl", "json"] },
  { file: "app/api/auth/[...nextauth]/route.ts", path: "/api/auth/signout", methods: ["GET", "POST"], auth: "user", shape: "next-auth", fields: ["csrfToken", "callbackUrl", "json"] },
  { file: "app/api/auth/[...nextauth]/route.ts", path: "/api/auth/session", methods: ["GET", "POST"], auth: "user", shape: "next-auth", fields: ["csrfToken", "data"] },
  { file: "app/api/auth/[...nextauth]/route.ts", path: "/api/auth/signin/credentials", methods: ["POST"], auth: "none", shape: "next-auth", fields: ["csrfToken", "callbackUrl"] },
  { file: "app/api/auth/[...nextauth]/route.ts", path: "/api/auth/csrf", methods: ["GET"], auth: "none", shape: "next-auth", fields: [] },
  { file: "app/api/health/route.ts", path: "/api/health", methods: ["GET", "POST"], auth: "none", shape: "any", fields: [] },
  { file: "app/api/v2/[...path]/route.ts", path: "/api/v2/grants", methods: ["GET", "POST", "PATCH", "PUT", "DELETE"], auth: "bearer", shape: "auth0", fields: ["name"] },
  { file: "app/api/v2/clients/route.ts", path: "/api/v2/clients", methods: ["GET", "POST"], auth: "bearer", shape: "auth0", fields: ["name", "app_type", "callbacks", "allowed_logout_urls", "web_origins", "initiate_login_uri", "grant_types", "token_endpoint_auth_method", "jwt_configuration", "refresh_token", "oidc_logout", "page", "per_page", "fields"] },
  { file: "app/api/v2/clients/[id]/route.ts", path: "/api/v2/clients/{any}", methods: ["GET", "PATCH", "DELETE"], auth: "bearer", shape: "auth0", fields: ["name", "callbacks", "allowed_logout_urls", "is_first_party", "jwt_configuration", "fields", "include_fields"] },
  { file: "app/api/v2/clients/[id]/rotate-secret/route.ts", path: "/api/v2/clients/{any}/rotate-secret", methods: ["POST"], auth: "bearer", shape: "auth0", fields: [] },
  { file: "app/api/v2/resource-servers/route.ts", path: "/api/v2/resource-servers", methods: ["GET", "POST"], auth: "bearer", shape: "auth0", fields: ["name", "identifier", "scopes", "signing_alg", "token_lifetime", "page", "per_page"] },
  { file: "app/api/v2/resource-servers/[id]/route.ts", path: "/api/v2/resource-servers/{any}", methods: ["GET", "PATCH", "DELETE"], auth: "bearer", shape: "auth0", fields: ["name", "scopes", "signing_alg", "token_lifetime"] },
  { file: "app/api/v2/client-grants/route.ts", path: "/api/v2/client-grants", methods: ["GET", "POST"], auth: "bearer", shape: "auth0", fields: ["client_id", "audience", "scope", "from", "take", "page", "per_page"] },
  { file: "app/api/v2/client-grants/[id]/route.ts", path: "/api/v2/client-grants/{any}", methods: ["GET", "PATCH", "DELETE"], auth: "bearer", shape: "auth0", fields: ["scope"] },
  { file: "app/api/v2/connections/route.ts", path: "/api/v2/connections", methods: ["GET"], auth: "bearer", shape: "auth0", fields: ["strategy", "name", "take", "from", "page", "per_page", "include_totals"] },
  { file: "app/api/v2/jobs/[id]/download/route.ts", path: "/api/v2/jobs/{any}/download", methods: ["GET"], auth: "none", shape: "auth0", fields: ["expires", "signature"] },
  { file: "app/api/v2/jobs/[id]/errors/route.ts", path: "/api/v2/jobs/{any}/errors", methods: ["GET"], auth: "bearer", shape: "auth0", fields: [] },
  { file: "app/api/v2/jobs/[id]/route.ts", path: "/api/v2/jobs/{any}", methods: ["GET"], auth: "bearer", shape: "auth0", fields: [] },
  { file: "app/api/v2/jobs/users-exports/route.ts", path: "/api/v2/jobs/users-exports", methods: ["POST"], auth: "bearer", shape: "auth0", fields: ["connection_id", "format", "limit", "fields"] },
  { file: "app/api/v2/jobs/users-imports/route.ts", path: "/api/v2/jobs/users-imports", methods: ["POST"], auth: "bearer", shape: "auth0", fields: ["users", "connection_id", "upsert", "external_id", "send_completion_email"] },
  { file: "app/api/v2/logs/route.ts", path: "/api/v2/logs", methods: ["GET"], auth: "bearer", shape: "auth0", fields: ["page", "per_page", "q", "from", "take", "sort", "include_totals", "fields"] },
  { file: "app/api/v2/tickets/password-change/route.ts", path: "/api/v2/tickets/password-change", methods: ["POST"], auth: "bearer", shape: "auth0", fields: ["user_id", "email", "connection_id", "result_url", "ttl_sec", "mark_email_as_verified", "client_id"] },
  { file: "app/api/v2/users-by-email/route.ts", path: "/api/v2/users-by-email", methods: ["GET"], auth: "bearer", shape: "auth0", fields: ["email", "fields", "include_fields"] },
  { file: "app/api/v2/users/[id]/authentication-methods/[methodId]/route.ts", path: "/api/v2/users/{user}/authentication-methods/{any}", methods: ["DELETE"], auth: "bearer", shape: "auth0", fields: [] },
  { file: "app/api/v2/users/[id]/authentication-methods/route.ts", path: "/api/v2/users/{user}/authentication-methods", methods: ["GET", "DELETE"], auth: "bearer", shape: "auth0", fields: ["page", "per_page", "include_totals"] },
  { file: "app/api/v2/users/[id]/route.ts", path: "/api/v2/users/{user}", methods: ["GET", "PATCH", "DELETE"], auth: "bearer", shape: "auth0", fields: ["email", "password", "blocked", "username", "connection", "email_verified", "name", "user_metadata", "app_metadata"] },
  { file: "app/api/v2/users/route.ts", path: "/api/v2/users", methods: ["GET", "POST"], auth: "bearer", shape: "auth0", fields: ["connection", "email", "password", "username", "email_verified", "q", "page", "per_page", "search_engine"] },
  { file: "app/branding/favicon/route.ts", path: "/branding/favicon", methods: ["GET"], auth: "none", shape: "any", fields: ["v"] },
  { file: "app/branding/logo/route.ts", path: "/branding/logo", methods: ["GET"], auth: "none", shape: "any", fields: ["v"] },
  { file: "app/continue/route.ts", path: "/continue", methods: ["GET", "POST"], auth: "reset", shape: "redirect", fields: ["state", "token", "verified"] },
  { file: "app/dbconnections/change_password/route.ts", path: "/dbconnections/change_password", methods: ["POST"], auth: "none", shape: "oauth", fields: ["client_id", "email", "connection", "organization"] },
  { file: "app/locale/route.ts", path: "/locale", methods: ["POST"], auth: "none", shape: "envelope", fields: ["locale", "return"] },
  { file: "app/login/submit/route.ts", path: "/login/submit", methods: ["POST"], auth: "none", shape: "redirect", fields: ["identifier", "password", "callbackUrl"] },
  { file: "app/login/forgot/route.ts", path: "/login/forgot", methods: ["POST"], auth: "none", shape: "redirect", fields: ["identifier", "password", "callbackUrl"] },
  { file: "app/login/verify/code/route.ts", path: "/login/verify/code", methods: ["POST"], auth: "none", shape: "redirect", fields: ["method", "code", "callbackUrl"] },
  { file: "app/login/verify/send/route.ts", path: "/login/verify/send", methods: ["POST"], auth: "none", shape: "redirect", fields: ["method", "callbackUrl", "phone"] },
  { file: "app/login/verify/webauthn/start/route.ts", path: "/login/verify/webauthn/start", methods: ["POST"], auth: "none", shape: "envelope", fields: ["factor", "callbackUrl"] },
  { file: "app/login/verify/webauthn/check/route.ts", path: "/login/verify/webauthn/check", methods: ["POST"], auth: "none", shape: "envelope", fields: ["factor", "response", "callbackUrl"] },
  { file: "app/login/verify/webauthn/enroll/start/route.ts", path: "/login/verify/webauthn/enroll/start", methods: ["POST"], auth: "none", shape: "envelope", fields: ["factor", "callbackUrl"] },
  { file: "app/login/verify/webauthn/enroll/check/route.ts", path: "/login/verify/webauthn/enroll/check", methods: ["POST"], auth: "none", shape: "envelope", fields: ["factor", "response", "name", "callbackUrl"] },
  { file: "app/login/passkey/start/route.ts", path: "/login/passkey/start", methods: ["POST"], auth: "none", shape: "envelope", fields: [] },
  { file: "app/login/passkey/check/route.ts", path: "/login/passkey/check", methods: ["POST"], auth: "none", shape: "envelope", fields: ["response", "callbackUrl"] },
  { file: "app/logout/route.ts", path: "/logout", methods: ["POST"], auth: "user", shape: "redirect", fields: ["callbackUrl", "next"] },
  { file: "app/oauth/token/route.ts", path: "/oauth/token", methods: ["POST"], auth: "none", shape: "oauth", fields: ["grant_type", "client_id", "client_secret", "audience", "scope"] },
  { file: "app/reset/challenge/start/route.ts", path: "/reset/challenge/start", methods: ["POST"], auth: "reset", shape: "envelope", fields: ["factor"] },
  { file: "app/reset/challenge/verify/route.ts", path: "/reset/challenge/verify", methods: ["POST"], auth: "reset", shape: "envelope", fields: ["factor", "code", "response"] },
  { file: "app/reset/verify/confirm/route.ts", path: "/reset/verify/confirm", methods: ["POST"], auth: "reset", shape: "redirect", fields: ["ticket"] },
  { file: "app/reset/return-to-site/route.ts", path: "/reset/return-to-site", methods: ["POST"], auth: "reset", shape: "redirect", fields: [] },
];

/**
 * Every server action: the `"use server"` export, who may call it, its form fields, and (for the
 * CSRF test) a form that our own origin gets accepted. The test fails if an export is missing here.
 */
const ACTIONS: { key: string; auth: Auth; fields: string[] }[] = [
  { key: "app/account/form-actions.ts#changePasswordAction", auth: "user", fields: ["currentPassword", "newPassword", "confirmPassword"] },
  { key: "app/account/security/form-actions.ts#confirmPasswordAction", auth: "user", fields: ["password"] },
  { key: "app/account/security/form-actions.ts#startOtpAction", auth: "user", fields: [] },
  { key: "app/account/security/form-actions.ts#confirmOtpAction", auth: "user", fields: ["code"] },
  { key: "app/account/security/form-actions.ts#enableEmailAction", auth: "user", fields: [] },
  { key: "app/account/security/form-actions.ts#confirmEmailAction", auth: "user", fields: ["code"] },
  { key: "app/account/security/form-actions.ts#startPhoneAction", auth: "user", fields: ["phoneNumber"] },
  { key: "app/account/security/form-actions.ts#confirmPhoneAction", auth: "user", fields: ["code"] },
  { key: "app/account/security/form-actions.ts#generateRecoveryCodesAction", auth: "user", fields: [] },
  { key: "app/account/security/form-actions.ts#renameFactorAction", auth: "user", fields: ["factorId", "name"] },
  { key: "app/account/security/form-actions.ts#removeFactorAction", auth: "user", fields: ["factorId"] },
  { key: "app/admin/actions/test-form-actions.ts#actionTestFormAction", auth: "admin", fields: ["trigger", "file", "event"] },
  { key: "app/admin/branding/save-branding.ts#saveBrandingAction", auth: "admin", fields: ["productName", "primaryColor", "backgroundColor", "removeLogo", "removeFavicon", "logo", "favicon"] },
  { key: "app/admin/clients/client-actions.ts#createClientAction", auth: "admin", fields: ["name", "scopes"] },
  { key: "app/admin/clients/client-actions.ts#revokeClientAction", auth: "admin", fields: ["clientId"] },
  { key: "app/admin/applications/application-actions.ts#createApplicationAction", auth: "admin", fields: ["name", "app_type", "callbacks", "allowed_logout_urls", "web_origins"] },
  { key: "app/admin/applications/application-actions.ts#updateApplicationAction", auth: "admin", fields: ["clientId", "name", "app_type", "callbacks", "allowed_logout_urls", "web_origins", "initiate_login_uri", "backchannel_logout_uri", "token_endpoint_auth_method", "id_token_signed_response_alg", "refresh_token_rotation", "is_first_party", "id_token_lifetime", "access_token_lifetime", "refresh_token_lifetime"] },
  { key: "app/admin/applications/application-actions.ts#rotateSecretAction", auth: "admin", fields: ["clientId"] },
  { key: "app/admin/applications/application-actions.ts#deleteApplicationAction", auth: "admin", fields: ["clientId"] },
  { key: "app/admin/apis/api-actions.ts#createApiAction", auth: "admin", fields: ["name", "identifier", "signing_alg", "token_lifetime", "scopes"] },
  { key: "app/admin/apis/api-actions.ts#deleteApiAction", auth: "admin", fields: ["apiId"] },
  { key: "app/admin/apis/api-actions.ts#grantApiAction", auth: "admin", fields: ["apiId", "clientId", "scopes"] },
  { key: "app/admin/connection/form-actions.ts#saveConnectionSettingsAction", auth: "admin", fields: ["signupEnabled", "requiresUsername", "passwordPolicy", "passwordMinLength", "passwordHistorySize", "passwordDictionary", "passwordNoPersonalInfo", "resetTicketLifetimeSec"] },
  { key: "app/admin/deliveries/delivery-actions.ts#retryDeliveryAction", auth: "admin", fields: ["jobId"] },
  { key: "app/admin/user-actions.ts#setBlockedAction", auth: "admin", fields: ["userId", "blocked"] },
  { key: "app/admin/user-actions.ts#createUserAction", auth: "admin", fields: ["email", "username", "name", "password", "emailVerified"] },
  { key: "app/admin/user-actions.ts#setPasswordAction", auth: "admin", fields: ["userId", "password", "confirmPassword"] },
  { key: "app/admin/user-actions.ts#sendResetEmailAction", auth: "admin", fields: ["userId"] },
  { key: "app/admin/user-actions.ts#createTicketAction", auth: "admin", fields: ["userId", "ttlSec", "resultUrl", "markEmailVerified"] },
  { key: "app/admin/user-actions.ts#removeFactorAction", auth: "admin", fields: ["userId", "factorId"] },
  { key: "app/admin/user-actions.ts#deleteUserAction", auth: "admin", fields: ["userId", "confirmation"] },
  { key: "app/reset/form-actions.ts#requestResetAction", auth: "none", fields: ["identifier"] },
  { key: "app/reset/form-actions.ts#verifyCodeAction", auth: "reset", fields: ["code"] },
  { key: "app/reset/form-actions.ts#completeResetAction", auth: "reset", fields: ["password", "confirmPassword"] },
  { key: "app/reset/challenge/form-actions.ts#sendCodeAction", auth: "reset", fields: ["factor"] },
  { key: "app/reset/challenge/form-actions.ts#verifyCodeAction", auth: "reset", fields: ["factor", "code"] },
  { key: "app/signup/form-actions.ts#signUpAction", auth: "none", fields: ["email", "username", "name", "password"] },
];

const PASSWORD = "Hostile-Suite-Pass-7781";

let cluster: Cluster;
let base: string;
let token: string;
let admin: Jar;
let user: Jar;
let userId: string;
let actions: Map<string, ActionRef>;
const sql = () => cluster.sql();

/** A user made through the Management API (email verified, our password); returns its bare id. */
async function createUser(email: string): Promise<string> {
  const response = await fetch(`${base}/api/v2/users`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ connection: "Username-Password-Authentication", email, password: PASSWORD, email_verified: true }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { user_id: string }).user_id.replace(/^auth0\|/, "");
}

function action(key: string): ActionRef {
  const found = actions.get(key);
  if (!found) throw new Error(`no server action ${key} in the build`);
  return found;
}

/** The page a server action is posted to (the first page that renders its form). */
function actionPage(ref: ActionRef): string {
  return ref.pages[0]!.replace("[id]", userId);
}

async function callAction(key: string, fields: [string, string][], jar: Jar | undefined, headers: Record<string, string> = { origin: base }): Promise<Sent> {
  const ref = action(key);
  const sent = await send(`${base}${actionPage(ref)}`, {
    method: "POST",
    headers: { "next-action": ref.id, accept: "text/x-component", ...(jar ? { cookie: cookieHeader(jar) } : {}), ...headers },
    body: actionBody(fields),
  });
  if (jar) absorbCookies(jar, { headers: sent.headers } as Response);
  return sent;
}

/** A form posted without JavaScript, as the browser sends a useActionState form: the bound action and its state. */
function noScriptActionBody(ref: ActionRef, fields: [string, string][]): FormData {
  const form = new FormData();
  form.append("$ACTION_REF_1", "");
  form.append("$ACTION_1:0", JSON.stringify({ id: ref.id, bound: "$@1" }));
  form.append("$ACTION_1:1", JSON.stringify([{ ok: false }]));
  for (const [k, v] of fields) form.append(k, v);
  return form;
}

/** A request with exactly these headers (fetch will not let a test choose the Host). */
function rawRequest(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const body = init.body ?? "";
    const request = http.request(url, { method: init.method, headers: { ...init.headers, "content-length": String(Buffer.byteLength(body)) } }, (response) => {
      let text = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(response.headers)) for (const one of [v ?? []].flat()) headers.append(k, one);
        resolve({ status: response.statusCode ?? 0, headers, text, location: headers.get("location") });
      });
    });
    request.on("error", reject).end(body);
  });
}

const serverLog = () => fs.readFileSync(path.join(cluster.logDir, "server-0.log"), "utf8");

let mailIndex = 0;
/** The next email to `to` whose subject contains `subject` (long poll on the SMTP capture). */
async function nextMail(to: string, subject: string): Promise<{ text: string }> {
  const response = await fetch(`${cluster.mailbox.apiUrl}/wait?to=${encodeURIComponent(to)}&subject=${encodeURIComponent(subject)}&after=${mailIndex}`);
  expect(response.status).toBe(200);
  const { index, mail } = (await response.json()) as { index: number; mail: { text: string } };
  mailIndex = Math.max(mailIndex, index + 1);
  return mail;
}

async function mailCount(): Promise<number> {
  return ((await (await fetch(`${cluster.mailbox.apiUrl}/count`)).json()) as { count: number }).count;
}

/** Asks for a reset by email (the reset page's server action); answers the new flow's cookie, link ticket and code. */
async function startReset(email: string): Promise<{ jar: Jar; ticket: string; code: string }> {
  mailIndex = await mailCount();
  const jar: Jar = new Map();
  const sent = await callAction("app/reset/form-actions.ts#requestResetAction", [["identifier", email]], jar);
  expect(sent.headers.get("x-action-redirect") ?? "", sent.text.slice(0, 300)).toContain("/reset/sent");
  const mail = await nextMail(email, "Reset your");
  const ticket = decodeURIComponent(/\/reset\/verify\?ticket=([A-Za-z0-9_%-]+)/.exec(mail.text)![1]!);
  const code = /\b(\d{3}) (\d{3})\b/.exec(mail.text)!;
  return { jar, ticket, code: `${code[1]}${code[2]}` };
}

async function confirmTicket(ticket: string, jar: Jar): Promise<Sent> {
  const sent = await send(`${base}/reset/verify/confirm`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base, cookie: cookieHeader(jar) },
    body: new URLSearchParams({ ticket }),
  });
  absorbCookies(jar, { headers: sent.headers } as Response);
  return sent;
}

/** Snapshot, run, snapshot: a refusal must leave everything but the log and the rate limits as it was. */
async function expectNoWrite(run: () => Promise<void>) {
  await waitForIdleWorker(sql());
  const before = await snapshot(sql());
  await run();
  await waitForIdleWorker(sql());
  expect(snapshotDiff(before, await snapshot(sql())), "tables written by a refused request").toEqual([]);
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  // TRUST_PROXY: the storm spreads its requests over many client addresses (X-Forwarded-For) so
  // that the per-IP rate limits do not turn most of it into 429s before the input is even read.
  cluster = await startCluster({ name: "hostile", servers: 1, workers: 1, basePort: 3400, env: { TRUST_PROXY: "true" } });
  base = cluster.servers[0]!.url!;
  token = await managementToken(base);
  actions = new Map(serverActionsOfBuild().map((a) => [`${a.file}#${a.exportedName}`, a]));
  admin = await signIn(base, "admin@example.com", ADMIN_PASSWORD);
  userId = await createUser("storm-user@example.com");
  user = await signIn(base, "storm-user@example.com", PASSWORD);
});

test.afterAll(async () => {
  await cluster?.close();
});

test("every route handler and server action of the app is in the hostile table", () => {
  const tableRoutes = new Set(ROUTES.map((r) => r.file));
  expect(routeFilesOfApp().filter((f) => !tableRoutes.has(f)), "route.ts files without hostile coverage").toEqual([]);
  expect(ACTIONS.map((a) => a.key).sort(), "server actions in the table vs the app").toEqual(serverActionExportsOfApp());
  expect([...actions.keys()].sort(), "server actions in the build vs the table").toEqual(ACTIONS.map((a) => a.key).sort());
});

test("open redirects: every redirect parameter stays on our origin", async () => {
  const targets = [
    `${EVIL}/x`,
    "//evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example/x",
    "/\t/evil.example/x",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http:evil.example",
    "https:/\\evil.example",
    `${base}@evil.example/`,
    `${base}.evil.example/`,
    "/\u3002evil.example",
    "  //evil.example",
    "/..//evil.example",
  ];
  const origin = new URL(base).origin;
  let checked = 0;
  const assertStays = (sent: Sent, what: string) => {
    expect(sent.status, what).toBeLessThan(500);
    for (const raw of [sent.location, sent.headers.get("x-action-redirect")?.replace(/;(push|replace)$/, "")]) {
      if (!raw) continue;
      checked++;
      // The WHATWG parser is the browser's: it strips tabs, turns backslashes into slashes.
      const target = new URL(raw, `${base}/some/page`);
      expect(target.origin, `${what} → ${raw}`).toBe(origin);
    }
  };
  const csrf = async (jar: Jar) => {
    const r = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: cookieHeader(jar) } });
    absorbCookies(jar, r);
    return ((await r.json()) as { csrfToken: string }).csrfToken;
  };
  for (const target of targets) {
    const q = encodeURIComponent(target);
    // /login?callbackUrl= redirects a signed-in user at once; next-auth's pages take callbackUrl too.
    assertStays(await send(`${base}/login?callbackUrl=${q}`, { headers: { cookie: cookieHeader(user) } }), "/login (signed in)");
    assertStays(await send(`${base}/api/auth/signin?callbackUrl=${q}`, {}), "/api/auth/signin");
    assertStays(await send(`${base}/api/auth/signin/credentials?callbackUrl=${q}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: base }, body: `callbackUrl=${q}` }), "signin POST");
    assertStays(await send(`${base}/api/auth/error?callbackUrl=${q}`, {}), "/api/auth/error");
    const jar: Jar = new Map([["next-auth.callback-url", q]]);
    const token = await csrf(jar);
    assertStays(
      await send(`${base}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: base, cookie: cookieHeader(jar) },
        body: new URLSearchParams({ csrfToken: token, identifier: "storm-user@example.com", password: PASSWORD, callbackUrl: target }),
      }),
      "credentials callback",
    );
    const out = new Map(user);
    assertStays(
      await send(`${base}/api/auth/signout`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: base, cookie: cookieHeader(out) }, body: new URLSearchParams({ csrfToken: await csrf(out), callbackUrl: target }) }),
      "signout",
    );
    assertStays(await send(`${base}/logout?callbackUrl=${q}&next=${q}`, { method: "POST", headers: { origin: base, "content-type": "application/x-www-form-urlencoded" }, body: `next=${q}` }), "/logout");
    assertStays(await send(`${base}/continue?state=${q}&next=${q}&redirect_uri=${q}`, {}), "/continue GET");
    assertStays(await send(`${base}/continue?state=x`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin", origin: base }, body: `state=${q}&next=${q}` }), "/continue POST");
    assertStays(await send(`${base}/reset/verify/confirm?next=${q}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: base }, body: `ticket=${q}&next=${q}` }), "/reset/verify/confirm");
    assertStays(await send(`${base}/reset/error?code=${q}`, {}), "/reset/error");
    // The language switcher goes back to the page it was on: a path on this site, nothing else.
    assertStays(await send(`${base}/locale`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: base }, body: `locale=de&return=${q}` }), "/locale");
    assertStays(await send(`${base}/account?callbackUrl=${q}`, {}), "/account (signed out → /login)");
    assertStays(await send(`${base}/admin?returnTo=${q}`, { headers: { cookie: cookieHeader(user) } }), "/admin as a user (→ /forbidden)");
  }
  // Ticket result URLs are chosen by an admin (Auth0's result_url: any absolute https address is
  // allowed by design); a script URL is refused where the ticket is made.
  for (const resultUrl of ["javascript:alert(1)", "data:text/html,x", "//evil.example", "/relative"]) {
    const sent = await send(`${base}/api/v2/tickets/password-change`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ user_id: `auth0|${userId}`, result_url: resultUrl }),
    });
    expect(sent.status, resultUrl).toBe(400);
    const state = actionState(await callAction("app/admin/user-actions.ts#createTicketAction", [["userId", userId], ["resultUrl", resultUrl]], admin));
    expect(state, resultUrl).toMatchObject({ ok: false, code: "INVALID_INPUT" });
  }
  console.log(`open redirects: ${targets.length} targets, ${checked} redirects checked`);
  // Sign the storm user in again: the signout attempts above used copies of its jar.
  user = await signIn(base, "storm-user@example.com", PASSWORD);
});

test("CSRF: every state-changing form refuses another site and writes nothing; our origin works", async () => {
  const victim = await createUser("csrf-victim@example.com");
  // Route handlers that act on a cookie. (/continue is meant to be posted by the external verifier:
  // a cross-site POST without the reset cookie gets the re-send page; the Management API, /oauth/token
  // and /dbconnections/change_password take no cookies — see their comments.)
  const json = { "content-type": "application/json" };
  const reset = await startReset("csrf-victim@example.com");
  const cookieRoutes: { path: string; jar: Jar; headers: Record<string, string>; body: string; works: (s: Sent) => void }[] = [
    { path: "/account/security/webauthn/options", jar: user, headers: json, body: JSON.stringify({ kind: "security-key", name: "Key" }), works: (s) => expect(s.text).not.toContain("CSRF_FAILED") },
    { path: "/account/security/webauthn/verify", jar: user, headers: json, body: JSON.stringify({ name: "Key", response: {} }), works: (s) => expect(s.text).not.toContain("CSRF_FAILED") },
    { path: "/reset/challenge/start", jar: reset.jar, headers: json, body: JSON.stringify({ factor: "email" }), works: (s) => expect(s.text).not.toContain("CSRF_FAILED") },
    { path: "/reset/challenge/verify", jar: reset.jar, headers: json, body: JSON.stringify({ factor: "email", code: "000000" }), works: (s) => expect(s.text).not.toContain("CSRF_FAILED") },
  ];
  for (const route of cookieRoutes) {
    await expectNoWrite(async () => {
      const sent = await send(`${base}${route.path}`, { method: "POST", headers: { ...route.headers, ...CROSS_SITE, cookie: cookieHeader(route.jar) }, body: route.body });
      expect(sent.status, route.path).toBe(403);
      expect(JSON.parse(sent.text)).toMatchObject({ error: { code: "CSRF_FAILED" } });
    });
    route.works(await send(`${base}${route.path}`, { method: "POST", headers: { ...route.headers, origin: base, cookie: cookieHeader(route.jar) }, body: route.body }));
  }
  // The email link's Continue button: cross-site consumes nothing; from our origin it moves on.
  await expectNoWrite(async () => {
    const sent = await send(`${base}/reset/verify/confirm`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...CROSS_SITE }, body: new URLSearchParams({ ticket: reset.ticket }) });
    expect(sent.location).toContain("/reset/error?code=CSRF_FAILED");
  });
  const confirmed = await confirmTicket(reset.ticket, reset.jar);
  expect(confirmed.location).not.toContain("/reset/error");
  // /logout: cross-site does not end the session; from our origin it does.
  const logoutJar = await signIn(base, "csrf-victim@example.com", PASSWORD);
  const crossLogout = await send(`${base}/logout`, { method: "POST", headers: { ...CROSS_SITE, cookie: cookieHeader(logoutJar) } });
  expect(crossLogout.status).toBe(403);
  expect(crossLogout.headers.getSetCookie().join()).not.toContain("session-token");
  // The language switcher, cross-site: no cookie is set (a page cannot change another site's language).
  const crossLocale = await send(`${base}/locale`, { method: "POST", headers: { ...CROSS_SITE, "content-type": "application/x-www-form-urlencoded" }, body: "locale=ar&return=/reset" });
  expect(crossLocale.status).toBe(403);
  expect(crossLocale.headers.getSetCookie().join()).not.toContain("rekey_locale");
  const ownLogout = await send(`${base}/logout`, { method: "POST", headers: { origin: base, cookie: cookieHeader(logoutJar) } });
  expect(ownLogout.status).toBe(303);
  expect(ownLogout.headers.getSetCookie().join()).toContain("session-token=;");
  // next-auth's POSTs carry its double-submit token: without it, no sign-in and no sign-out.
  const noToken = await send(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...CROSS_SITE },
    body: new URLSearchParams({ identifier: "csrf-victim@example.com", password: PASSWORD, json: "true" }),
  });
  expect(noToken.headers.getSetCookie().join()).not.toContain("session-token");

  // Every server action, cross-site, refused by proxy.ts before it runs; then from our origin it runs.
  const valid: Record<string, [string, string][]> = {
    "app/admin/user-actions.ts#setBlockedAction": [["userId", victim], ["blocked", "true"]],
    "app/admin/user-actions.ts#sendResetEmailAction": [["userId", userId]],
    "app/admin/clients/client-actions.ts#createClientAction": [["name", "CSRF probe"], ["scopes", "read:users"]],
    "app/reset/form-actions.ts#requestResetAction": [["identifier", "csrf-victim@example.com"]],
    "app/signup/form-actions.ts#signUpAction": [["email", "csrf-signup@example.com"], ["password", PASSWORD]],
    "app/account/security/form-actions.ts#confirmPasswordAction": [["password", PASSWORD]],
  };
  let proven = 0;
  for (const entry of ACTIONS) {
    const jar = entry.auth === "admin" ? admin : entry.auth === "user" ? user : entry.auth === "reset" ? reset.jar : new Map<string, string>();
    const fields = valid[entry.key] ?? entry.fields.map((f): [string, string] => [f, "x"]);
    // The previous action's own-origin call may have queued a reset request, which the worker opens
    // 1-2 s later (RESET_REQUEST_DELAY_MS): let it finish, or it lands in this refusal's window.
    await waitForIdleWorker(sql(), 5);
    await expectNoWrite(async () => {
      for (const headers of [CROSS_SITE, { origin: EVIL }, { origin: "null" }, { origin: base, "sec-fetch-site": "cross-site" }]) {
        const sent = await callAction(entry.key, fields, new Map(jar), headers);
        expect(sent.status, `${entry.key} ${JSON.stringify(headers)}`).toBe(403);
        expect(JSON.parse(sent.text)).toMatchObject({ error: { code: "CSRF_FAILED" } });
      }
    });
    const own = await callAction(entry.key, fields, jar);
    expect(own.status, entry.key).toBeLessThan(400);
    const state = actionState(own);
    // The action ran: it answered its FormState (or redirected). With a valid form it succeeded.
    expect(state !== undefined || own.headers.has("x-action-redirect"), `${entry.key}: ${own.text.slice(0, 200)}`).toBe(true);
    if (valid[entry.key]) {
      expect(own.headers.has("x-action-redirect") || state?.ok === true, `${entry.key}: ${own.text.slice(0, 300)}`).toBe(true);
      proven++;
    }
  }
  const [row] = await sql().query<{ blocked: boolean }>("SELECT blocked FROM users WHERE id = $1", [victim]);
  expect(row?.blocked, "the same-origin block went through").toBe(true);
  console.log(`CSRF: ${cookieRoutes.length + 2} route handlers and ${ACTIONS.length} server actions refused cross-site; ${proven} actions proven to succeed from our origin`);
});

test("replay: every one-time secret works once", async () => {
  const replayId = await createUser("replay@example.com");
  // 1. The reset link's ticket, consumed by POST: the second POST is refused and changes nothing.
  const first = await startReset("replay@example.com");
  const used = await confirmTicket(first.ticket, first.jar);
  expect(used.location).toMatch(/\/reset\/(password|challenge)/);
  await expectNoWrite(async () => {
    const again = await confirmTicket(first.ticket, new Map());
    expect(again.location).toContain("/reset/error?code=RESET_LINK_USED");
    const sameBrowser = await confirmTicket(first.ticket, new Map(first.jar));
    expect(sameBrowser.location).toContain("/reset/error?code=RESET_LINK_USED");
  });
  // The flow it opened completes once; the new password cannot be posted twice.
  const done = await callAction("app/reset/form-actions.ts#completeResetAction", [["password", "Orchid-Lantern-81x"], ["confirmPassword", "Orchid-Lantern-81x"]], first.jar);
  expect(done.headers.get("x-action-redirect") ?? "", done.text.slice(0, 300)).toContain("/reset/done");
  const reused = new Map(first.jar);
  reused.set("rekey_reset", used.headers.getSetCookie().find((c) => c.startsWith("rekey_reset="))!.split(";")[0]!.slice("rekey_reset=".length));
  await expectNoWrite(async () => {
    const twice = await callAction("app/reset/form-actions.ts#completeResetAction", [["password", "Orchid-Lantern-82x"], ["confirmPassword", "Orchid-Lantern-82x"]], reused);
    expect(actionState(twice)).toMatchObject({ ok: false });
  });

  // 2. The code in the reset email, typed on /reset/sent: once.
  const second = await startReset("replay@example.com");
  const byCode = await callAction("app/reset/form-actions.ts#verifyCodeAction", [["code", second.code]], second.jar);
  expect(byCode.headers.get("x-action-redirect") ?? "", byCode.text.slice(0, 300)).toMatch(/\/reset\/(password|challenge)/);
  await expectNoWrite(async () => {
    const again = await callAction("app/reset/form-actions.ts#verifyCodeAction", [["code", second.code]], new Map(second.jar));
    expect(actionState(again)).toMatchObject({ ok: false });
  });
  // … and the link of that email no longer works either: the code consumed the flow's secret.
  await expectNoWrite(async () => {
    const link = await confirmTicket(second.ticket, new Map());
    expect(link.location).toContain("/reset/error");
  });

  // 3. A password-change ticket from the Management API: its link works once.
  const ticket = await send(`${base}/api/v2/tickets/password-change`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ user_id: `auth0|${replayId}` }),
  });
  expect(ticket.status, ticket.text).toBe(201);
  const ticketSecret = decodeURIComponent(/ticket=([A-Za-z0-9_%-]+)/.exec((JSON.parse(ticket.text) as { ticket: string }).ticket)![1]!);
  const apiJar: Jar = new Map();
  expect((await confirmTicket(ticketSecret, apiJar)).location).not.toContain("/reset/error");
  await expectNoWrite(async () => {
    expect((await confirmTicket(ticketSecret, new Map())).location).toContain("/reset/error?code=RESET_LINK_USED");
  });

  // The completed reset's new password is the one that signs in.
  await signIn(base, "replay@example.com", "Orchid-Lantern-81x");
  console.log("replay: reset link ticket, reset code, reset completion, Management API ticket");
});

// Issue 11, item 12: each input below once answered 5xx, and a real action id posted to another page
// was an uncaughtException in the server each time. Some are fixed on other branches of that
// issue; all of them are listed here, so the merged suite holds every one.
test("every input that once answered 5xx gets a 4xx or its page, and the server logs no uncaughtException", async () => {
  const logBefore = serverLog().length;
  const problems: string[] = [];
  const expectNo5xx = (what: string, sent: Sent) => {
    if (sent.status >= 500) problems.push(`${what} → ${sent.status}: ${sent.text.slice(0, 200)}`);
    const leaks = leaksIn(sent.text);
    if (leaks.length) problems.push(`${what} leaks ${leaks.join(", ")}`);
  };
  const bearer = { authorization: `Bearer ${token}`, "content-type": "application/json" };

  // NUL in /oauth/token's client_id, as JSON and as a form; the failed exchange is still logged.
  const failedExchanges = async () => Number((await sql().query<{ n: string }>("SELECT count(*)::text AS n FROM log_events WHERE type = 'feccft'"))[0]?.n);
  const feccftBefore = await failedExchanges();
  const tokenBodies: [string, string][] = [
    ["application/json", JSON.stringify({ grant_type: "client_credentials", client_id: "suite\u0000client", client_secret: "x", audience: `${base}/api/v2/` })],
    ["application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=suite%00client&client_secret=x"],
  ];
  for (const [type, body] of tokenBodies) {
    const sent = await send(`${base}/oauth/token`, { method: "POST", headers: { "content-type": type }, body });
    expectNo5xx(`/oauth/token client_id NUL (${type})`, sent);
    if (sent.status < 500 && !(typeof JSON.parse(sent.text || "{}").error_description === "string")) problems.push(`/oauth/token (${type}): not the OAuth error shape: ${sent.text.slice(0, 200)}`);
  }
  const logged = (await failedExchanges()) - feccftBefore;
  if (logged !== tokenBodies.length) problems.push(`/oauth/token: ${logged} of ${tokenBodies.length} failed exchanges logged`);

  // NUL in the sign-up name.
  const signUp = await callAction("app/signup/form-actions.ts#signUpAction", [["email", "nul-name@example.com"], ["password", PASSWORD], ["name", "Ada\u0000Lovelace"]], new Map());
  expectNo5xx("sign-up with a NUL in the name", signUp);
  if (actionState(signUp)?.code !== "INVALID_INPUT") problems.push(`sign-up with a NUL in the name: ${signUp.text.slice(0, 200)}`);

  // The console's user search with control characters (found by the storm's page targets).
  for (const q of ["%00", "%00%01%1F%7F", "a%00b"]) expectNo5xx(`/admin?q=${q}`, await send(`${base}/admin?q=${q}`, { headers: { cookie: cookieHeader(admin) } }));

  // The dev mailbox with a NUL recipient (a 404 where it is not served).
  for (const to of ["%00", "a%00b%40example.com"]) expectNo5xx(`/dev/mailbox?to=${to}`, await send(`${base}/dev/mailbox?to=${to}`, {}));

  // The Management API: NUL in q, in users-by-email and in a PATCHed name; 20,000-deep JSON in user_metadata.
  expectNo5xx("GET /api/v2/users?q=NUL", await send(`${base}/api/v2/users?q=${enc("email:\u0000")}&search_engine=v3`, { headers: bearer }));
  expectNo5xx("GET /api/v2/users?q=%00", await send(`${base}/api/v2/users?q=%00`, { headers: bearer }));
  expectNo5xx("GET /api/v2/users-by-email?email=NUL", await send(`${base}/api/v2/users-by-email?email=a%00b%40example.com`, { headers: bearer }));
  expectNo5xx("PATCH name NUL", await send(`${base}/api/v2/users/auth0|${userId}`, { method: "PATCH", headers: bearer, body: JSON.stringify({ name: "Ada\u0000" }) }));
  const deep = `{"user_metadata":${"[".repeat(20_000)}${"]".repeat(20_000)}}`;
  expectNo5xx("PATCH 20,000-deep user_metadata", await send(`${base}/api/v2/users/auth0|${userId}`, { method: "PATCH", headers: bearer, body: deep }));
  expectNo5xx("POST 20,000-deep user_metadata", await send(`${base}/api/v2/users`, { method: "POST", headers: bearer, body: `{"connection":"Username-Password-Authentication","email":"deep@example.com","password":"${PASSWORD}","user_metadata":${"{\"a\":".repeat(20_000)}1${"}".repeat(20_000)}}` }));

  // A real server action id posted to a page that does not use it, with the Host a reverse proxy
  // passes on (not the address the server listens on): a 409, never a forward to itself.
  const reset = action("app/reset/form-actions.ts#requestResetAction");
  const form = actionBody([["identifier", "someone@example.com"]]);
  const multipart = new Response(form);
  const contentType = multipart.headers.get("content-type")!;
  const encoded = await multipart.text();
  for (const page of ["/signup", "/login", "/reset/password", "/account"]) {
    for (const host of [new URL(base).host, "rekey.example"]) {
      const sent = await rawRequest(`${base}${page}`, { method: "POST", headers: { host, origin: `http://${host}`, "next-action": reset.id, accept: "text/x-component", "content-type": contentType }, body: encoded });
      expectNo5xx(`${reset.exportedName} posted to ${page} (Host ${host})`, sent);
      if (sent.status !== 409 || !sent.text.includes("ACTION_UNAVAILABLE")) problems.push(`${reset.exportedName} posted to ${page} (Host ${host}): ${sent.status} ${sent.text.slice(0, 200)}`);
    }
  }

  // A return-address cookie next-auth cannot parse, signed in and not.
  for (const value of ["%00", "%E0%A4%A", "javascript%3Aalert(1)", "%5C%5Cevil.example"]) {
    for (const name of ["next-auth.callback-url", "__Secure-next-auth.callback-url"]) {
      for (const [who, jar] of [["signed out", new Map<string, string>()], ["user", user], ["admin", admin]] as const) {
        for (const page of ["/account", "/login", "/admin", "/account/security"]) {
          const sent = await send(`${base}${page}`, { headers: { cookie: [cookieHeader(jar), `${name}=${value}`].filter(Boolean).join("; ") } });
          expectNo5xx(`${page} (${who}) with ${name}=${value}`, sent);
        }
      }
    }
  }

  // Forms posted without JavaScript with Origin: null (a no-referrer page would send it): refused
  // with a 403 for every server action, and for the route handlers our forms post to; nothing written.
  await expectNoWrite(async () => {
    for (const entry of ACTIONS) {
      const ref = action(entry.key);
      const jar = entry.auth === "admin" ? admin : entry.auth === "user" ? user : new Map<string, string>();
      const sites: Record<string, string>[] = [{ "sec-fetch-site": "same-origin" }, {}];
      for (const site of sites) {
        const sent = await send(`${base}${actionPage(ref)}`, { method: "POST", headers: { origin: "null", ...site, ...(jar.size ? { cookie: cookieHeader(jar) } : {}) }, body: noScriptActionBody(ref, entry.fields.map((f): [string, string] => [f, "x"])) });
        expectNo5xx(`${entry.key} without JavaScript, Origin: null`, sent);
        if (sent.status !== 403 || !sent.text.includes("CSRF_FAILED")) problems.push(`${entry.key} without JavaScript, Origin: null ${JSON.stringify(site)}: ${sent.status} ${sent.text.slice(0, 120)}`);
      }
    }
    const form = { "content-type": "application/x-www-form-urlencoded", origin: "null" };
    const login = await send(`${base}/login/submit`, { method: "POST", headers: form, body: new URLSearchParams({ identifier: "storm-user@example.com", password: PASSWORD }) });
    if (login.status !== 403 || login.headers.getSetCookie().join().includes("session-token")) problems.push(`/login/submit with Origin: null: ${login.status}`);
    const logout = await send(`${base}/logout`, { method: "POST", headers: { ...form, cookie: cookieHeader(user) }, body: "" });
    if (logout.status !== 403) problems.push(`/logout with Origin: null: ${logout.status}`);
    const confirm = await send(`${base}/reset/verify/confirm`, { method: "POST", headers: form, body: "ticket=x" });
    if (!confirm.location?.includes("/reset/error?code=CSRF_FAILED")) problems.push(`/reset/verify/confirm with Origin: null: ${confirm.status} ${confirm.location}`);
  });

  await expect.poll(() => serverLog().slice(logBefore), { timeout: 5_000 }).not.toMatch(/uncaughtException|unhandledRejection/);
  expect(problems, problems.join("\n")).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// The storm.



/** Return-address cookies next-auth cannot parse (issue 11 item 12: a 500 on /account, /login, /admin). */
const BAD_CALLBACK_COOKIES = ["next-auth.callback-url=%00", "next-auth.callback-url=%E0%A4%A", "__Secure-next-auth.callback-url=javascript%3Ax", "next-auth.callback-url=%5C%5Cevil.example"];

/** The pages a server action may be posted to by mistake or on purpose (each action is tried on the others). */
const ACTION_PAGES = ["/", "/login", "/signup", "/reset", "/reset/sent", "/reset/password", "/reset/challenge", "/account", "/account/security", "/admin", "/admin/clients", "/admin/applications", "/admin/apis"];

const hostileHeaders = fc.record(
  {
    cookie: fc.oneof(headerText, fc.constantFrom("next-auth.session-token=eyJhbGciOiJIUzI1NiJ9.e30.x", "rekey_reset=a.b", "rekey_reset=" + "a".repeat(4000), "rekey_reauth=x.y.z", "next-auth.session-token=; next-auth.session-token=2", ...BAD_CALLBACK_COOKIES)),
    authorization: fc.oneof(headerText, fc.constantFrom("Bearer ", "Bearer a.b.c", "Basic !!!", "Bearer eyJhbGciOiJub25lIn0.eyJzY29wZSI6InJlYWQ6dXNlcnMifQ.", "Basic " + Buffer.from("suite-client:wrong").toString("base64"))),
    "accept-language": headerText,
    "user-agent": headerText,
    "x-forwarded-for": fc.oneof(fc.ipV4(), headerText),
    origin: fc.constantFrom("null", "%%%", EVIL, "http://localhost:3400"),
  },
  { requiredKeys: [] },
);

type StormRequest = RequestInit & { query?: string; path?: string };
type StormTarget = { name: string; method: string; path: string; arb: fc.Arbitrary<StormRequest>; shape: Shape | "action"; runs: number };


const counts: Record<string, number> = {};
const failures: string[] = [];

function check(target: StormTarget, request: { query?: string }, sent: Sent) {
  const what = `${target.method} ${target.name}${request.query ? "?" + request.query.slice(0, 80) : ""} → ${sent.status}`;
  if (sent.status >= 500) return `${what}: 5xx ${sent.text.slice(0, 200)}`;
  const leaks = leaksIn(sent.text);
  if (leaks.length) return `${what}: leaks ${leaks.join(", ")}: ${sent.text.slice(0, 300)}`;
  const location = sent.location ?? sent.headers.get("x-action-redirect")?.replace(/;(push|replace)$/, "");
  if (location && new URL(location, base).origin !== new URL(base).origin) return `${what}: redirect off-site to ${location}`;
  if (sent.status >= 400 && sent.text) {
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = JSON.parse(sent.text) as Record<string, unknown>;
    } catch {
      parsed = undefined;
    }
    const shape = target.shape === "action" && sent.headers.get("content-type")?.includes("json") ? "envelope" : target.shape;
    const envelope = (p: typeof parsed) => typeof (p?.error as { code?: unknown })?.code === "string" && typeof (p?.error as { message?: unknown })?.message === "string";
    if (shape === "envelope" && !envelope(parsed)) return `${what}: not the {error:{code,message}} envelope: ${sent.text.slice(0, 200)}`;
    if (shape === "auth0" && !(typeof parsed?.statusCode === "number" && typeof parsed.error === "string" && typeof parsed.message === "string")) return `${what}: not Auth0's error shape: ${sent.text.slice(0, 200)}`;
    if (shape === "oauth" && !(typeof parsed?.error === "string" && typeof parsed.error_description === "string")) return `${what}: not the OAuth error shape: ${sent.text.slice(0, 200)}`;
  }
  return undefined;
}

/** Whether the request was refused (so it must have written nothing but the log and the rate limits). */
function refused(target: StormTarget, sent: Sent): boolean {
  if (target.shape === "action") {
    if (sent.status >= 400) return true;
    if (sent.headers.has("x-action-redirect")) return false;
    return actionState(sent)?.ok === false;
  }
  if (sent.status >= 400) return true;
  if (target.shape === "redirect") return /\/reset\/error|\/login\?error/.test(sent.location ?? "");
  return false;
}

/** A request body in a line of the debug output (HOSTILE_DEBUG=1 prints every failing request whole). */
function describeBody(body: unknown): unknown {
  if (body instanceof FormData) return [...body].map(([key, value]) => [key, typeof value === "string" ? value.slice(0, 200) : `file ${value.size} B`]);
  return typeof body === "string" ? body.slice(0, 400) : body === undefined ? undefined : `${typeof body}`;
}

async function storm(target: StormTarget, seed: number) {
  await waitForIdleWorker(sql());
  const before = await snapshot(sql());
  let accepted = 0;
  // CONCURRENCY independent properties with derived seeds: 8 requests in flight on one endpoint.
  await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      fc.assert(
        fc.asyncProperty(target.arb, async (request) => {
          const { query, path, ...init } = request;
          const sent = await send(`${base}${path ?? target.path}${query ? `?${query}` : ""}`, { ...init, method: target.method }).catch((error: unknown) => ({
            status: 599,
            headers: new Headers(),
            text: `client error: ${String(error)}`,
            location: null,
          }));
          counts[`${target.method} ${target.name}`] = (counts[`${target.method} ${target.name}`] ?? 0) + 1;
          if (!refused(target, sent)) accepted++;
          const problem = check(target, request, sent);
          if (problem) failures.push(problem);
          if (problem && process.env.HOSTILE_DEBUG) console.log(problem, "\n  sent:", JSON.stringify({ path, query, headers: init.headers, body: describeBody(init.body) }));
          // Every problem is collected and reported at the end (with the seed), so one run shows them all.
          return true;
        }),
        { numRuns: Math.ceil(target.runs / CONCURRENCY), seed: seed + i, endOnFailure: true },
      ),
    ),
  );
  await waitForIdleWorker(sql());
  const written = snapshotDiff(before, await snapshot(sql()));
  // Only a storm in which every request was refused proves "a refused request writes nothing";
  // where some were accepted (a valid sign-up, a reset request answered 200 by design), a write is theirs.
  if (accepted === 0 && written.length) failures.push(`${target.method} ${target.name}: every request refused, yet ${written.join(", ")} changed`);
  return { accepted, written };
}

test("the storm: ≥ 10,000 hostile requests, no 5xx, no leak, no write by a refused request", async () => {
  test.setTimeout(15 * 60_000);
  console.log(`fast-check seed ${SEED} (HOSTILE_SEED=${SEED} reproduces this run)`);
  const reset = await startReset("storm-user@example.com");
  const jars: Record<Auth, () => Jar> = { none: () => new Map(), user: () => user, admin: () => admin, reset: () => reset.jar, bearer: () => new Map() };
  const queryArb = (fields: string[]) => fc.option(fc.array(fc.tuple(fields.length ? fc.oneof(fc.constantFrom(...fields), nastyString) : nastyString, nastyString), { maxLength: 5 }).map((e) => e.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&")), { nil: undefined });
  const targets: StormTarget[] = [];
  const userPathParam = fc.oneof(fc.constant(`auth0|${userId}`), fc.constant(userId), nastyString.filter((s) => s.length > 0));
  for (const route of ROUTES) {
    for (const method of [...route.methods, "PUT"]) {
      const needsBody = method !== "GET" && method !== "DELETE";
      const arb = fc
        .record({
          body: needsBody ? fc.option(bodyArb(route.fields), { nil: undefined, freq: 10 }) : fc.constant(undefined),
          query: queryArb(route.fields),
          extra: hostileHeaders,
          auth: fc.boolean(),
          id: userPathParam,
          other: nastyString,
          client: clientAddress,
        })
        .map(({ body, query, extra, auth, id, other, client }) => {
          const headers: Record<string, string> = { "x-forwarded-for": `${client}.1` };
          if (body?.type) headers["content-type"] = body.type;
          if (auth && route.auth === "bearer") headers.authorization = `Bearer ${token}`;
          if (auth && route.auth !== "bearer" && route.auth !== "none") headers.cookie = cookieHeader(jars[route.auth]());
          if (auth) headers.origin = base;
          Object.assign(headers, extra);
          const path = route.path.replace("{user}", enc(id)).replace("{any}", enc(other) || "x");
          return { body: body?.body, query, headers, path } as StormRequest;
        });
      targets.push({
        name: route.path,
        method,
        path: route.path,
        arb,
        shape: route.methods.includes(method) ? route.shape : "any",
        runs: route.methods.includes(method) ? 260 : 40,
      });
    }
  }
  for (const entry of ACTIONS) {
    const ref = action(entry.key);
    const key = entry.fields.length ? fc.oneof(fc.constantFrom(...entry.fields), nastyString) : nastyString;
    const arb = fc
      .record({
        fields: fc.array(fc.tuple(key, nastyString), { maxLength: 10 }),
        envelope: fc.oneof(
          { weight: 6, arbitrary: fc.constant("form") },
          fc.constantFrom("text-args", "bad-root", "no-root", "mpa-id", "mpa-ref", "unknown-id", "urlencoded", "wrong-page", "no-script-null-origin"),
        ),
        args: fc.array(nastyValue, { maxLength: 3 }),
        extra: fc.record({ cookie: hostileHeaders.map((h) => h.cookie ?? "") , "accept-language": headerText }, { requiredKeys: [] }),
        auth: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
        client: clientAddress,
      })
      .map(({ fields, envelope, args, extra, auth, client }) => {
        const jar = auth ? jars[entry.auth]() : new Map<string, string>();
        const headers: Record<string, string> = { "next-action": ref.id, origin: base, accept: "text/x-component", "x-forwarded-for": `${client}.2` };
        if (jar.size) headers.cookie = cookieHeader(jar);
        else if (extra.cookie) headers.cookie = extra.cookie;
        if (extra["accept-language"]) headers["accept-language"] = extra["accept-language"];
        let body: BodyInit = actionBody(fields as [string, string][]);
        if (envelope === "text-args") {
          headers["content-type"] = "text/plain;charset=UTF-8";
          body = JSON.stringify(args);
        } else if (envelope === "bad-root" || envelope === "no-root") {
          const form = new FormData();
          for (const [k, v] of fields) form.append(`_1_${k}`, v);
          if (envelope === "bad-root") form.append("0", JSON.stringify(args).slice(0, -1 - (fields.length % 3)) + (args.length ? '"$Q9"' : ""));
          body = form;
        } else if (envelope === "mpa-id" || envelope === "mpa-ref") {
          delete headers["next-action"];
          const form = new FormData();
          if (envelope === "mpa-id") form.append(`$ACTION_ID_${ref.id}`, "");
          else {
            form.append("$ACTION_REF_1", "");
            form.append("$ACTION_1:0", JSON.stringify({ id: ref.id, bound: "$@1" }));
            form.append("$ACTION_1:1", JSON.stringify(args));
          }
          for (const [k, v] of fields) form.append(k, v);
          body = form;
        } else if (envelope === "unknown-id") {
          // Printable ASCII only: fetch cannot send anything else in a header (a raw client could, and
          // Node's HTTP parser refuses it before Rekey sees it).
          headers["next-action"] = fields.length % 2 ? "ff".repeat(21) : fields.map(([k]) => k).join("").replace(/[^\x20-\x7e]/g, "").slice(0, 60) || "0";
        } else if (envelope === "urlencoded") {
          headers["content-type"] = "application/x-www-form-urlencoded";
          body = fields.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
        } else if (envelope === "wrong-page") {
          // Issue 11 item 12: a real id on a page that does not use it (was an uncaughtException each time).
          const others = ACTION_PAGES.filter((p) => !ref.pages.map((q) => q.replace("[id]", userId)).includes(p));
          return { body, headers, path: others[fields.length % others.length] } as StormRequest;
        } else if (envelope === "no-script-null-origin") {
          // Issue 11 item 14: a form posted without JavaScript from a no-referrer page says Origin: null.
          delete headers["next-action"];
          headers.origin = "null";
          if (fields.length % 2) headers["sec-fetch-site"] = "same-origin";
          body = noScriptActionBody(ref, fields as [string, string][]);
        }
        return { body, headers } as StormRequest;
      });
    targets.push({ name: `${actionPage(ref)} [${entry.key.split("#")[1]}]`, method: "POST", path: actionPage(ref), arb, shape: "action", runs: 200 });
  }

  // Pages, by GET: every query parameter they read, hostile cookies (a return-address cookie next-auth
  // cannot parse, issue 11 item 12), signed in or not. A page answers HTML, so only the status, the
  // leaks and the redirects are checked.
  const PAGES: { path: string; params: string[]; auth: Auth }[] = [
    { path: "/login", params: ["callbackUrl", "error", "notice"], auth: "user" },
    { path: "/signup", params: [], auth: "none" },
    { path: "/account", params: ["callbackUrl"], auth: "user" },
    { path: "/account/security", params: [], auth: "user" },
    { path: "/admin", params: ["q", "page", "returnTo"], auth: "admin" },
    { path: "/reset", params: [], auth: "none" },
    { path: "/reset/verify", params: ["ticket"], auth: "reset" },
    { path: "/reset/challenge", params: ["factor"], auth: "reset" },
    { path: "/reset/password", params: [], auth: "reset" },
    { path: "/reset/error", params: ["code"], auth: "reset" },
    { path: "/dev/mailbox", params: ["to"], auth: "none" },
    { path: "/no-such-page", params: [], auth: "none" },
  ];
  for (const page of PAGES) {
    const arb = fc
      .record({ query: queryArb(page.params), cookie: fc.oneof(fc.constantFrom(...BAD_CALLBACK_COOKIES), hostileHeaders.map((h) => h.cookie ?? "")), auth: fc.boolean(), client: clientAddress })
      .map(({ query, cookie, auth, client }) => {
        const cookies = [auth ? cookieHeader(jars[page.auth]()) : "", cookie].filter(Boolean).join("; ");
        return { query, headers: { "x-forwarded-for": `${client}.3`, ...(cookies ? { cookie: cookies } : {}) } } as StormRequest;
      });
    targets.push({ name: `${page.path} (page)`, method: "GET", path: page.path, arb, shape: "any", runs: 40 });
  }

  const started = Date.now();
  const summary: string[] = [];
  for (const [i, target] of targets.entries()) {
    // HOSTILE_ONLY=<part of a target's name> replays only those targets, with the seeds of the full run.
    if (process.env.HOSTILE_ONLY && !`${target.method} ${target.name}`.includes(process.env.HOSTILE_ONLY)) continue;
    const { accepted, written } = await storm(target, SEED + i * 101);
    summary.push(`${String(counts[`${target.method} ${target.name}`] ?? 0).padStart(5)}  ${target.method.padEnd(6)} ${target.name}  (accepted ${accepted}${written.length ? `, wrote ${written.join(" ")}` : ""})`);
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`storm: ${total} requests in ${Math.round((Date.now() - started) / 1000)} s\n${summary.join("\n")}`);
  expect(failures, failures.slice(0, 20).join("\n")).toEqual([]);
  if (!process.env.HOSTILE_ONLY) expect(total).toBeGreaterThanOrEqual(10_000);
});
