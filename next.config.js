// @ts-check
import createNextIntlPlugin from "next-intl/plugin";

// Pages whose URLs may carry a one-time secret (a reset ticket): no cache keeps them. Their
// Referrer-Policy and the other security headers are set in proxy.ts.
const TOKEN_PAGE_HEADERS = [{ key: "Cache-Control", value: "no-store, max-age=0" }];

/** @type {import("next").NextConfig} */
const nextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "argon2", "bcrypt", "esbuild"],
  poweredByHeader: false,
  // `npm run typecheck` checks the whole project (app, lib, actions, tests) before the build in
  // `npm test`; checking again inside `next build` would only add ~20 s.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      { source: "/reset", headers: TOKEN_PAGE_HEADERS },
      { source: "/reset/:path*", headers: TOKEN_PAGE_HEADERS },
      { source: "/continue", headers: TOKEN_PAGE_HEADERS },
    ];
  },
};

// next-intl without locale path prefixes: URLs stay the same, the language is negotiated per
// request (lib/i18n/request-locale.ts).
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./lib/i18n/next-intl-request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: "infer", precompile: true } },
});

export default withNextIntl(nextConfig);
