import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http";
import { getJob, retryDeadJob } from "@/lib/jobs";
import { logAdminChange } from "./log";

/** The jobs the Deliveries page shows: post-change-password deliveries and outgoing emails. */
export const DELIVERY_TYPES = { "password.changed.deliver": "Post-change-password", "email.send": "Email" } as const;
export type DeliveryType = keyof typeof DELIVERY_TYPES;

/** Pending jobs that already failed at least once are "retrying". */
export const DELIVERY_STATUSES = ["pending", "retrying", "running", "dead", "succeeded"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveryQuerySchema = z.object({
  status: z.enum(DELIVERY_STATUSES).optional().catch(undefined),
  type: z.enum(Object.keys(DELIVERY_TYPES) as [DeliveryType, ...DeliveryType[]]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

const PAGE_SIZE = 50;

/** Newest first. Payloads stay out of the list (an email's body); open one delivery to see it. */
export async function listDeliveries(query: z.infer<typeof deliveryQuerySchema>) {
  const db = await prisma();
  const status = query.status;
  const where = {
    type: query.type ?? { in: Object.keys(DELIVERY_TYPES) },
    ...(status === "retrying" ? { status: "pending", attempts: { gt: 0 } } : status === "pending" ? { status: "pending", attempts: 0 } : status ? { status } : {}),
  };
  const page = query.page ?? 1;
  const [jobs, total, dead] = await Promise.all([
    db.job.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: PAGE_SIZE,
      skip: (page - 1) * PAGE_SIZE,
      select: { id: true, type: true, status: true, attempts: true, maxAttempts: true, runAt: true, lastError: true, createdAt: true, completedAt: true, payload: true },
    }),
    db.job.count({ where }),
    db.job.count({ where: { type: { in: Object.keys(DELIVERY_TYPES) }, status: "dead" } }),
  ]);
  return { jobs: await withRecipient(jobs), total, dead, page, pageSize: PAGE_SIZE };
}

/**
 * Whom each delivery is for: the user of a post-change-password delivery (their email today) or an
 * email's address. The payload itself stays here: an email's body is the user's mail.
 */
async function withRecipient<T extends { payload: unknown }>(jobs: T[]): Promise<Array<Omit<T, "payload"> & { userId: string | null; recipient: string }>> {
  const field = (payload: unknown, key: string) => {
    const value = (payload as Record<string, unknown> | null)?.[key];
    return typeof value === "string" ? value : null;
  };
  const userIds = [...new Set(jobs.map((job) => field(job.payload, "userId")).filter((id): id is string => id !== null))];
  const db = await prisma();
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, username: true } }) : [];
  const label = new Map(users.map((u) => [u.id, u.email ?? u.username ?? u.id]));
  return jobs.map(({ payload, ...job }) => {
    const userId = field(payload, "userId");
    return { ...job, userId, recipient: (userId ? (label.get(userId) ?? `${userId} (deleted)`) : field(payload, "to")) ?? "" };
  });
}

/** The status a person reads: pending jobs that failed before are retrying. */
export function deliveryStatus(job: { status: string; attempts: number }): DeliveryStatus {
  if (job.status === "pending" && job.attempts > 0) return "retrying";
  return job.status as DeliveryStatus;
}

/**
 * One delivery with every attempt and, for a post-change-password delivery, each Action's
 * executions (console output, error). An email's body is left out: it is the user's mail.
 */
export async function getDelivery(id: string) {
  if (!z.uuid().safeParse(id).success) return null;
  const job = await getJob(id);
  if (!job || !(job.type in DELIVERY_TYPES)) return null;
  const db = await prisma();
  const executions = job.type === "password.changed.deliver"
    ? await db.actionExecution.findMany({ where: { deliveryId: id }, orderBy: [{ startedAt: "asc" }, { id: "asc" }] })
    : [];
  const payload = job.payload as Record<string, unknown>;
  const shown = job.type === "email.send" ? { to: payload.to, subject: payload.subject, template: payload.template } : payload;
  return { ...job, payload: shown, executions };
}

export const retryDeliverySchema = z.object({ jobId: z.uuid("Unknown delivery.") });

/** Retry of a dead delivery; a second click (or a second admin) finds it no longer dead. */
export async function adminRetryDelivery(input: z.infer<typeof retryDeliverySchema>, admin: { id: string }, ctx: RequestContext) {
  const job = await getJob(input.jobId);
  if (!job || !(job.type in DELIVERY_TYPES)) throw new AppError("NOT_FOUND", "Delivery not found.");
  if (!(await retryDeadJob(input.jobId))) throw new AppError("INVALID_INPUT", "This delivery is not dead any more: someone retried it already.");
  await logAdminChange("Retry a delivery", admin, ctx, { details: { job_id: input.jobId, type: job.type } });
}
