import http from "node:http";
import net from "node:net";
import type Provider from "oidc-provider";
import { setConsentBridge, setInteractionClientLookup, setInteractionLocalesLookup, type ConsentView } from "@/lib/oidc-bridge";
import { rekeySessionOf } from "./rekey-session";

/** The interaction behind a consent page, read with the browser's cookies (the interaction cookie binds it to this browser). */
async function consentView(provider: Provider, uid: string, cookieHeader: string): Promise<ConsentView | null> {
  const req = new http.IncomingMessage(new net.Socket());
  req.headers = { cookie: cookieHeader };
  req.url = `/interaction/${uid}/consent`;
  req.method = "GET";
  const res = new http.ServerResponse(req);
  let details: Awaited<ReturnType<Provider["interactionDetails"]>>;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    return null;
  }
  if (details.uid !== uid || details.prompt.name !== "consent") return null;
  const session = await rekeySessionOf(cookieHeader);
  if (!session || session.accountId !== details.session?.accountId) return null;
  const client = await provider.Client.find(String(details.params.client_id));
  if (!client) return null;
  const missing = details.prompt.details as { missingOIDCScope?: string[] };
  return { uid, clientName: client.clientName ?? client.clientId, scopes: missing.missingOIDCScope ?? [] };
}

export function registerConsentBridge(provider: Provider): void {
  setConsentBridge({ consentView: (uid, cookieHeader) => consentView(provider, uid, cookieHeader) });
  // "Forgot password?" from an application's sign-in: the reset remembers which application.
  setInteractionClientLookup(async (uid) => {
    const interaction = await provider.Interaction.find(uid);
    const clientId = interaction?.params?.client_id;
    return typeof clientId === "string" ? clientId : null;
  });
  // The sign-in's pages (and the reset it interrupts) speak the language the application asked for.
  setInteractionLocalesLookup(async (uid) => {
    const interaction = await provider.Interaction.find(uid);
    const uiLocales = interaction?.params?.ui_locales;
    return typeof uiLocales === "string" ? uiLocales.slice(0, 200) : null;
  });
}
