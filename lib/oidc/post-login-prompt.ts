import { errors, interactionPolicy, type KoaContextWithOIDC } from "oidc-provider";
import { discoverActions } from "@/lib/actions";
import { generateToken } from "@/lib/security";
import { POST_LOGIN_PROMPT, silentPostLogin } from "./post-login";
import { rekeySessionOf } from "./rekey-session";

const { NO_NEED_TO_PROMPT, REQUEST_PROMPT } = interactionPolicy.Check;

/**
 * A prompt after login and consent that every authorization asks for while post-login Actions
 * exist (Auth0 runs them on each sign-in through /authorize), until this authorization's
 * interaction result says they ran. Without Actions it costs one cached folder read. With
 * `prompt=none` there is no interaction: the Actions run here (silentPostLogin).
 */
export function postLoginPrompt(): interactionPolicy.Prompt {
  return new interactionPolicy.Prompt(
    { name: POST_LOGIN_PROMPT, requestable: false },
    new interactionPolicy.Check("post_login_actions", "The post-login Actions have not run for this authorization", "interaction_required", async (ctx: KoaContextWithOIDC) => {
      if ((ctx.oidc.result as Record<string, unknown> | undefined)?.[POST_LOGIN_PROMPT]) return NO_NEED_TO_PROMPT;
      const files = await discoverActions("post-login");
      if (files.length === 0) return NO_NEED_TO_PROMPT;
      return ctx.oidc.promptPending("none") ? runSilently(ctx) : REQUEST_PROMPT;
    }),
  );
}

/**
 * A silent authorization (the login and consent checks passed before this one): completed lets the
 * code be issued; a deny or a failure goes to the application as its error, as the provider sends
 * a prompt=none refusal (303 to the redirect URI); anything that needs the user is interaction_required.
 */
async function runSilently(ctx: KoaContextWithOIDC): Promise<boolean> {
  const { oidc } = ctx;
  const session = await rekeySessionOf(ctx.req.headers.cookie, { withUser: true });
  if (!session || session.accountId !== oidc.session?.accountId) return REQUEST_PROMPT;
  const authorization = { uid: generateToken(16), params: oidc.params as Record<string, unknown>, grantId: oidc.grant?.jti, session: { uid: oidc.session.uid } };
  const answer = await silentPostLogin(oidc.provider, ctx.req, authorization, session, oidc.client ? { clientName: oidc.client.clientName } : undefined);
  if (answer === "completed") return NO_NEED_TO_PROMPT;
  if (answer === "interaction_required") return REQUEST_PROMPT;
  const error = answer.error === "access_denied" ? new errors.AccessDenied(answer.error_description) : new errors.CustomOIDCProviderError(answer.error, answer.error_description);
  Object.assign(error, { status: 303, statusCode: 303, expose: true });
  throw error;
}
