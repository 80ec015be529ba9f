import { Auth0Client } from "@auth0/nextjs-auth0/server";

// Configured only by its environment, as an app written for Auth0 is: AUTH0_DOMAIN (Rekey's host),
// AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_SECRET, APP_BASE_URL.
export const auth0 = new Auth0Client();
