import { prisma } from "@/lib/db";

export async function findUserById(id: string) {
  const db = await prisma();
  return db.user.findUnique({ where: { id }, include: { connection: true } });
}
