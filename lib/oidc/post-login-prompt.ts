import { interactionPolicy, type KoaContextWithOIDC } from "oidc-provider";
import { discoverActions } from "@/lib/actions";
import { POST_LOGIN_PROMPT } from "./post-login";

/**
 * A prompt after login and consent that every authorization asks for while post-login Actions
 * exist (Auth0 runs them on each sign-in through /authorize), until this authorization's
 * interaction result says they ran. Without Actions it costs one cached folder read.
 * `prompt=none` then answers `interaction_required`: Rekey runs Actions only in an interaction.
 */
export function postLoginPrompt(): interactionPolicy.Prompt {
  return new interactionPolicy.Prompt(
    { name: POST_LOGIN_PROMPT, requestable: false },
    new interactionPolicy.Check("post_login_actions", "The post-login Actions have not run for this authorization", "interaction_required", async (ctx: KoaContextWithOIDC) => {
      if ((ctx.oidc.result as Record<string, unknown> | undefined)?.[POST_LOGIN_PROMPT]) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      const files = await discoverActions("post-login");
      return files.length > 0 ? interactionPolicy.Check.REQUEST_PROMPT : interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
  );
}
