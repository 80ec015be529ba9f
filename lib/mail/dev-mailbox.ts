import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { isLoopbackIp } from "@/lib/http";
import { text } from "@/lib/validation";
import type { EmailMessage } from "./message";

export type DevMailSummary = { id: string; to: string; from: string; subject: string; createdAt: Date };
export type DevMail = DevMailSummary & { text: string; html: string };

/** Whether mail without SMTP is kept in the database (DEV_MAILBOX; off in production by default). */
export function devMailboxEnabled(): boolean {
  return config().DEV_MAILBOX;
}

/**
 * Whether /dev/mailbox answers a client at `ip` (the address server.ts resolved). The mailbox
 * holds live reset links and asks for no sign-in, so by default only someone on this machine may
 * read it; DEV_MAILBOX_PUBLIC opens it to the network (a shared test server), never production.
 */
export function devMailboxOpenTo(ip: string): boolean {
  const cfg = config();
  return cfg.DEV_MAILBOX && (cfg.DEV_MAILBOX_PUBLIC || isLoopbackIp(ip));
}

const recipientFilter = text({ max: 254 }).optional();

/**
 * The mailbox page's `?to=` filter; undefined when it is not one (a NUL would reach PostgreSQL,
 * which refuses it with an error, not an empty list).
 */
export function parseDevMailboxFilter(raw: unknown): { to?: string } | undefined {
  const parsed = recipientFilter.safeParse(raw);
  return parsed.success ? { to: parsed.data || undefined } : undefined;
}

/**
 * Stores one message. Its id is the job's id, so a job that runs twice (its worker died after the
 * insert) stores it once, as last sent.
 */
export async function storeDevMail(id: string, from: string, message: EmailMessage): Promise<void> {
  const db = await prisma();
  await db.mailMessage.upsert({
    where: { id },
    create: { id, from, to: message.to, subject: message.subject, text: message.text, html: message.html },
    // A retried reset email carries a fresh link; the mailbox shows the one last sent.
    update: { subject: message.subject, text: message.text, html: message.html },
  });
}

/**
 * Newest messages first, optionally for one recipient (case-insensitive). Empty when the dev
 * mailbox is off: these messages hold live reset links, so they are never readable in production.
 */
export async function listDevMail(query: { to?: string; take: number }): Promise<DevMailSummary[]> {
  if (!devMailboxEnabled()) return [];
  const db = await prisma();
  return db.mailMessage.findMany({
    where: query.to ? { to: { equals: query.to, mode: "insensitive" } } : {},
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: Math.min(Math.max(Math.floor(query.take), 1), 500),
    select: { id: true, to: true, from: true, subject: true, createdAt: true },
  });
}

/** One message, or null (also when the dev mailbox is off). */
export async function getDevMail(id: string): Promise<DevMail | null> {
  if (!devMailboxEnabled()) return null;
  const db = await prisma();
  return db.mailMessage.findUnique({ where: { id } });
}
