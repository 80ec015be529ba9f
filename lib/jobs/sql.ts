import type { DatabaseTarget, PrismaClient } from "@/lib/db";

// Raw SQL lives here, the few statements Prisma's query API cannot express: the claim needs
// `FOR UPDATE SKIP LOCKED`, and every lease and backoff time is computed with the database's clock
// (`now()`), never a worker's, so workers on machines with drifting clocks agree on expiry.
// Each statement is a single round trip; PGlite (one connection) and PostgreSQL run the same text.

export type Tables = { jobs: string; attempts: string };

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Schema-qualified table names for raw SQL. Prisma qualifies its own queries with the adapter's
 * schema, `public` when none is set; unqualified raw SQL would resolve through `search_path`
 * instead and could read other tables than Prisma writes. So qualify exactly as Prisma does.
 */
export function tablesFor(target: DatabaseTarget): Tables {
  const schema = (target.kind === "postgres" ? target.schema : undefined) ?? "public";
  const name = (table: string) => `${quoteIdent(schema)}.${quoteIdent(table)}`;
  return { jobs: name("jobs"), attempts: name("job_attempts") };
}

export type ClaimedJob = {
  id: string;
  type: string;
  payload: unknown;
  /** The attempt number this claim starts (jobs.attempts after the increment); the lease's fencing token. */
  attempt: number;
  maxAttempts: number;
  /** job_attempts.id of the row this run records into. */
  attemptId: string;
};

const INTERRUPTED_MESSAGE =
  "Interrupted: the worker stopped renewing its lease (it died, hung or was stopped); the job was taken over.";
const EXHAUSTED_MESSAGE =
  "The worker running the last allowed attempt stopped renewing its lease (it died or hung); no attempts remain.";

/** How many due jobs of one type a claim may take; `type: null` takes any type not named in the other lanes. */
export type ClaimLane = { type: string | null; limit: number };

/**
 * Claims due jobs for `workerId` in ONE statement, at most `limit` of each lane's type (oldest
 * first within a type), and in the same statement:
 * - reclaims jobs whose lease expired (their worker died) and marks that worker's attempt row
 *   `interrupted`;
 * - moves expired-lease jobs that have no attempts left to `dead` (a job that kills its worker
 *   every time must not loop forever);
 * - inserts the `running` attempt row of every claimed job.
 *
 * Correctness under concurrency: `FOR UPDATE SKIP LOCKED` makes concurrent claimers take disjoint
 * rows, and in READ COMMITTED a row that another claimer updated and committed between our
 * snapshot and our lock is re-checked against the WHERE clause, so it is skipped (now `running`
 * with a fresh lease). The selecting CTEs are MATERIALIZED so the locked id list is computed once.
 */
export async function claimJobs(
  prisma: PrismaClient,
  t: Tables,
  args: { workerId: string; lanes: readonly ClaimLane[]; leaseSeconds: number },
): Promise<ClaimedJob[]> {
  const named = args.lanes.filter((l) => l.type !== null && l.limit > 0);
  const othersLimit = args.lanes.find((l) => l.type === null)?.limit ?? 0;
  const rows = await prisma.$queryRawUnsafe<
    { id: string; type: string; payload: unknown; attempt: number; maxAttempts: number; attemptId: string }[]
  >(
    // Per lane, the oldest pending jobs and the oldest lapsed ones are each an ordered range of the
    // (type, status, run_at, id) index; the lane takes the oldest `lim` of both. (FOR UPDATE is not
    // allowed on a UNION itself, hence the subqueries.) The lane of unhandled types has no such
    // index and scans the due jobs; the worker leaves it out while it drains a backlog.
    `WITH due AS MATERIALIZED (
       SELECT picked.id FROM unnest($1::text[], $6::int[]) AS lane(type, lim)
       CROSS JOIN LATERAL (
         SELECT id FROM (
           SELECT * FROM (
             SELECT id, run_at FROM ${t.jobs}
             WHERE type = lane.type AND status = 'pending' AND run_at <= now()
             ORDER BY run_at, id LIMIT lane.lim
             FOR UPDATE SKIP LOCKED
           ) AS pending
           UNION ALL
           SELECT * FROM (
             SELECT id, run_at FROM ${t.jobs}
             WHERE type = lane.type AND status = 'running' AND lease_until < now() AND attempts < max_attempts
             ORDER BY run_at, id LIMIT lane.lim
             FOR UPDATE SKIP LOCKED
           ) AS lapsed
         ) AS candidates
         ORDER BY run_at, id LIMIT lane.lim
       ) AS picked
       UNION ALL
       SELECT others.id FROM (
         SELECT id FROM ${t.jobs}
         WHERE NOT (type = ANY($1::text[]))
           AND ((status = 'pending' AND run_at <= now())
             OR (status = 'running' AND lease_until < now() AND attempts < max_attempts))
         ORDER BY run_at, id
         LIMIT $7::int
         FOR UPDATE SKIP LOCKED
       ) AS others
     ),
     exhausted AS MATERIALIZED (
       SELECT id FROM ${t.jobs}
       WHERE status = 'running' AND lease_until < now() AND attempts >= max_attempts
       LIMIT 100
       FOR UPDATE SKIP LOCKED
     ),
     claimed AS (
       UPDATE ${t.jobs} AS j
       SET status = 'running', attempts = j.attempts + 1, locked_by = $3::text,
           lease_until = now() + make_interval(secs => $2::float8), updated_at = now()
       FROM due WHERE j.id = due.id
       RETURNING j.id, j.type, j.payload, j.attempts, j.max_attempts, j.run_at
     ),
     reaped AS (
       UPDATE ${t.jobs} AS j
       SET status = 'dead', lease_until = NULL, locked_by = NULL, updated_at = now(), last_error = $4::text
       FROM exhausted WHERE j.id = exhausted.id
       RETURNING j.id
     ),
     interrupted AS (
       UPDATE ${t.attempts} AS a
       SET outcome = 'interrupted', ended_at = now(), error = $5::text
       WHERE a.outcome = 'running' AND a.job_id IN (SELECT id FROM claimed UNION ALL SELECT id FROM reaped)
     ),
     started AS (
       INSERT INTO ${t.attempts} (id, job_id, attempt, worker_id, started_at, outcome)
       SELECT gen_random_uuid()::text, c.id, c.attempts, $3::text, now(), 'running' FROM claimed AS c
       RETURNING id, job_id
     )
     SELECT c.id, c.type, c.payload, c.attempts AS "attempt", c.max_attempts AS "maxAttempts", s.id AS "attemptId"
     FROM claimed AS c JOIN started AS s ON s.job_id = c.id
     ORDER BY c.run_at, c.id`,
    named.map((l) => l.type),
    args.leaseSeconds,
    args.workerId,
    EXHAUSTED_MESSAGE,
    INTERRUPTED_MESSAGE,
    named.map((l) => l.limit),
    othersLimit,
  );
  return rows.map((r) => ({ ...r, attempt: Number(r.attempt), maxAttempts: Number(r.maxAttempts) }));
}

/** The claim a finishing or renewing worker must still hold: same worker, same attempt. */
type Lease = { id: string; workerId: string; attempt: number; attemptId: string };

/** Pushes the lease forward. Returns false when the lease was lost (the job was taken over). */
export async function renewLease(prisma: PrismaClient, t: Tables, lease: Lease, leaseSeconds: number): Promise<boolean> {
  const changed = await prisma.$executeRawUnsafe(
    `UPDATE ${t.jobs} SET lease_until = now() + make_interval(secs => $1::float8)
     WHERE id = $2::text AND status = 'running' AND locked_by = $3::text AND attempts = $4::int`,
    leaseSeconds,
    lease.id,
    lease.workerId,
    lease.attempt,
  );
  return changed === 1;
}

/**
 * Records success. Returns false when this worker no longer held the job (its lease expired and
 * another worker took it over): the job row is then left to the new holder.
 */
export async function completeJob(
  prisma: PrismaClient,
  t: Tables,
  lease: Lease,
  replacementPayload: unknown,
): Promise<boolean> {
  const rows = await prisma.$queryRawUnsafe<{ jobs: number }[]>(
    `WITH j AS (
       UPDATE ${t.jobs}
       SET status = 'succeeded', completed_at = now(), lease_until = NULL, locked_by = NULL, last_error = NULL,
           updated_at = now(), payload = COALESCE($5::jsonb, payload)
       WHERE id = $1::text AND status = 'running' AND locked_by = $2::text AND attempts = $3::int
       RETURNING id
     ),
     a AS (
       UPDATE ${t.attempts} SET outcome = 'succeeded', ended_at = now()
       WHERE id = $4::text AND outcome = 'running'
     )
     SELECT count(*)::int AS jobs FROM j`,
    lease.id,
    lease.workerId,
    lease.attempt,
    lease.attemptId,
    replacementPayload === undefined ? null : JSON.stringify(replacementPayload),
  );
  return Number(rows[0]?.jobs ?? 0) === 1;
}

export type FailureOutcome = { status: "pending"; runAt: Date } | { status: "dead" } | { status: "lost" };

/**
 * Records a failed attempt: back to `pending` at now + `delaySeconds`, or `dead` when the attempts
 * are used up or `permanent`. `{status: "lost"}` when the lease had been taken over.
 */
export async function failJob(
  prisma: PrismaClient,
  t: Tables,
  lease: Lease,
  args: { error: string; delaySeconds: number; permanent: boolean },
): Promise<FailureOutcome> {
  const rows = await prisma.$queryRawUnsafe<{ status: string; runAt: Date }[]>(
    `WITH j AS (
       UPDATE ${t.jobs}
       SET status = CASE WHEN $6::boolean OR attempts >= max_attempts THEN 'dead' ELSE 'pending' END,
           run_at = CASE WHEN $6::boolean OR attempts >= max_attempts THEN run_at
                         ELSE now() + make_interval(secs => $7::float8) END,
           lease_until = NULL, locked_by = NULL, last_error = $5::text, updated_at = now()
       WHERE id = $1::text AND status = 'running' AND locked_by = $2::text AND attempts = $3::int
       RETURNING status, run_at
     ),
     a AS (
       UPDATE ${t.attempts} SET outcome = 'failed', ended_at = now(), error = $5::text
       WHERE id = $4::text AND outcome = 'running'
     )
     SELECT status, run_at AS "runAt" FROM j`,
    lease.id,
    lease.workerId,
    lease.attempt,
    lease.attemptId,
    args.error,
    args.permanent,
    args.delaySeconds,
  );
  const row = rows[0];
  if (!row) return { status: "lost" };
  return row.status === "dead" ? { status: "dead" } : { status: "pending", runAt: new Date(row.runAt) };
}
