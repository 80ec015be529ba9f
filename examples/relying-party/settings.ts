// The example's whole configuration, from its environment (`npm run example` sets it).

/** Rekey's issuer: its PUBLIC_URL with a trailing slash. @default "http://localhost:3000/" */
export const ISSUER = withSlash(process.env.REKEY_ISSUER ?? "http://localhost:3000/");
/** @default "rekey-example-app", the demo tenant's application */
export const CLIENT_ID = process.env.REKEY_CLIENT_ID ?? "rekey-example-app";
export const CLIENT_SECRET = process.env.REKEY_CLIENT_SECRET ?? "";
/** This app's own URL (next-auth's NEXTAUTH_URL). @default "http://localhost:3001" */
export const APP_URL = (process.env.NEXTAUTH_URL ?? "http://localhost:3001").replace(/\/$/, "");
/** @default "Example app" */
export const APP_NAME = process.env.EXAMPLE_APP_NAME ?? "Example app";

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
