import { auth0 } from "../lib/auth0";

export const dynamic = "force-dynamic";

export default async function Home() {
  const session = await auth0.getSession();
  if (!session) {
    return (
      <main>
        <h1>Auth0 SDK app</h1>
        <a href="/auth/login">Log in</a>
      </main>
    );
  }
  return (
    <main>
      <h1>Auth0 SDK app</h1>
      <p>
        Signed in as <strong data-testid="signed-in-as">{session.user.email}</strong>
      </p>
      <p data-testid="has-refresh-token">{session.tokenSet.refreshToken ? "refresh token" : "no refresh token"}</p>
      <a href="/auth/logout">Log out</a>
    </main>
  );
}
