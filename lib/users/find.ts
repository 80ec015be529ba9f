import { prisma } from "@/lib/db";

export async function findUserById(id: string) {
  const db = await prisma();
  return db.user.findUnique({ where: { id }, include: { connection: true } });
}

/** The user's own row without its connection: one database round trip instead of two, where the connection's settings play no part. */
export async function findUserRowById(id: string) {
  const db = await prisma();
  return db.user.findUnique({ where: { id } });
}
