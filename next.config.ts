import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "argon2"],
  poweredByHeader: false,
};

export default nextConfig;
