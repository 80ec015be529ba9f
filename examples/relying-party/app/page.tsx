import { getServerSession } from "next-auth";
import { authOptions } from "../auth";
import { APP_NAME, ISSUER } from "../settings";
import { SignInButtons } from "./sign-in-buttons";

export const dynamic = "force-dynamic";

async function claimsOfSession(): Promise<Record<string, unknown> | null> {
  const session = (await getServerSession(authOptions)) as { claims?: Record<string, unknown> } | null;
  return session ? (session.claims ?? {}) : null;
}

export default async function Home() {
  const claims = await claimsOfSession();
  if (!claims) {
    return (
      <main>
        <h1>{APP_NAME}</h1>
        <p>This app signs its users in with Rekey at {ISSUER}.</p>
        <SignInButtons />
      </main>
    );
  }
  return (
    <main>
      <h1>{APP_NAME}</h1>
      <p>
        Signed in as <strong data-testid="signed-in-as">{String(claims.email ?? claims.sub)}</strong>
      </p>
      <h2>Your claims</h2>
      <dl data-testid="claims">
        {Object.entries(claims).map(([name, value]) => (
          <div key={name} style={{ display: "flex", gap: 12 }}>
            <dt style={{ fontWeight: 600, minWidth: 140 }}>{name}</dt>
            <dd style={{ margin: 0 }}>{typeof value === "string" ? value : JSON.stringify(value)}</dd>
          </div>
        ))}
      </dl>
      <form method="post" action="/sign-out">
        <button type="submit">Sign out</button>
      </form>
      <SignInButtons again />
    </main>
  );
}
