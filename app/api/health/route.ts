import { prisma } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function GET() {
  const db = await prisma();
  await db.$queryRaw`SELECT 1`;
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
