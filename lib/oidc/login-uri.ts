import { findApplication } from "@/lib/applications";

/** Where an application starts its own sign-in (Auth0's initiate_login_uri), or null: registered by the operator, so safe to send a browser to. */
export async function loginUriOf(clientId: string): Promise<string | null> {
  const app = await findApplication(clientId);
  if (!app || app.appType === "non_interactive" || !app.initiateLoginUri) return null;
  return /^https?:\/\//.test(app.initiateLoginUri) ? app.initiateLoginUri : null;
}
