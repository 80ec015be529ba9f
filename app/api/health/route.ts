import { prisma } from "@/lib/db";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const db = await prisma();
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    // A database that does not answer: the error envelope (detail logged), not a plain-text 500.
    return errorResponse(error);
  }
}
