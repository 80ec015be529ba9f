import type { Metadata } from "next";
import { cookies } from "next/headers";
import { Button, CardPage } from "@/app/components";
import { config } from "@/lib/config";
import { consentBridge } from "@/lib/oidc-bridge";

export const metadata: Metadata = { title: "Allow access" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ uid: string }> };

const SCOPE_LABELS: Record<string, string> = {
  openid: "Know who you are",
  profile: "See your name and profile picture",
  email: "See your email address",
  offline_access: "Stay connected when you are away",
};

/** A third-party application asks for access; plain forms, so it works without JavaScript. */
export default async function ConsentPage({ params }: Props) {
  const { uid } = await params;
  const jar = await cookies();
  const view = await consentBridge()?.consentView(uid, jar.getAll().map((c) => `${c.name}=${c.value}`).join("; "));
  const productName = config().PRODUCT_NAME;
  if (!view) {
    return (
      <CardPage productName={productName} title="This sign-in expired">
        <p>Go back to the application and sign in again.</p>
      </CardPage>
    );
  }
  const base = `/interaction/${encodeURIComponent(view.uid)}`;
  return (
    <CardPage productName={productName} title={`Allow ${view.clientName}?`} subtitle={`${view.clientName} asks to:`}>
      <ul>
        {view.scopes.map((scope) => (
          <li key={scope}>{SCOPE_LABELS[scope] ?? scope}</li>
        ))}
      </ul>
      <form method="post" action={`${base}/confirm`}>
        <Button type="submit" block>
          Allow
        </Button>
      </form>
      <form method="post" action={`${base}/abort`}>
        <Button type="submit" variant="secondary" block>
          Deny
        </Button>
      </form>
    </CardPage>
  );
}
