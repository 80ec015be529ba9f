import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** The example shares the repository's node_modules (one `npm install`). */
const nextConfig = {
  outputFileTracingRoot: root,
  poweredByHeader: false,
  // The repository's `npm run typecheck` checks these files with the rest.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
