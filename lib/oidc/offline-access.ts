import type Provider from "oidc-provider";
import { interactionPolicy, type KoaContextWithOIDC } from "oidc-provider";
import { OIDC_ROUTES } from "./routes";
import { GRANT_SECONDS } from "./settings";
import { EXPIRY_SLACK_SECONDS } from "./unchanged-writes";

/** The /authorize requests whose `prompt=consent` Rekey added (askConsentForOfflineAccess), not the application. */
const consentAddedByRekey = new WeakSet<object>();

/**
 * OpenID Connect drops `offline_access` (no refresh token) unless the request says
 * `prompt=consent`; Auth0's SDKs ask for it without one. For a first-party application, whose
 * consent is given without a screen anyway, the prompt is added, so it gets its refresh token.
 */
export async function askConsentForOfflineAccess(ctx: KoaContextWithOIDC, provider: Provider): Promise<void> {
  if (ctx.path !== OIDC_ROUTES.authorization || ctx.method !== "GET") return;
  const { scope, client_id: clientId, prompt } = ctx.query;
  if (typeof scope !== "string" || typeof clientId !== "string" || (prompt !== undefined && typeof prompt !== "string")) return;
  if (!scope.split(" ").includes("offline_access")) return;
  const prompts = prompt ? prompt.split(" ") : [];
  if (prompts.includes("none") || prompts.includes("consent")) return;
  const client = await provider.Client.find(clientId);
  if ((client as unknown as Record<string, unknown> | undefined)?.rekey_first_party !== true) return;
  consentAddedByRekey.add(ctx);
  ctx.query = { ...ctx.query, prompt: [...prompts, "consent"].join(" ") };
}

/** A grant saved so recently that saving it again would not move its expiry enough to be written (unchanged-writes.ts). */
function savedRecently(grant: { exp?: number } | undefined): boolean {
  const remaining = typeof grant?.exp === "number" ? grant.exp - Date.now() / 1000 : 0;
  return remaining > GRANT_SECONDS - EXPIRY_SLACK_SECONDS.Grant!;
}

/**
 * The consent prompt's `prompt=consent` check, except for the prompt Rekey added for
 * `offline_access`: that one asked only to keep the scope, so it needs no interaction when the
 * application's grant, saved recently, already holds everything asked for. The consent prompt's
 * other checks still ask (a scope, claim or API scope not granted yet, a native application), and
 * an older grant still goes through the consent step, which saves it again (its expiry follows
 * its use). Single sign-on into a first-party application is then one request: no interaction
 * rows written and read, no provider session re-issued.
 */
export function resolveAddedConsentPrompt(policy: interactionPolicy.DefaultPolicy): void {
  const consent = policy.get("consent")!;
  const requested = consent.checks.get("consent_prompt")!;
  consent.checks.remove("consent_prompt");
  consent.checks.add(
    new interactionPolicy.Check(requested.reason, requested.description, requested.error ?? "consent_required", async (ctx) => {
      if (consentAddedByRekey.has(ctx) && savedRecently(ctx.oidc.grant)) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      return requested.check(ctx);
    }),
    0,
  );
}
