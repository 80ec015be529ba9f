import { randomHex } from "@/lib/security";

/** Auth0's job id shape (`job_` and 16 hex digits), shared by users imports and exports. */
const PUBLIC_JOB_ID = /^job_[0-9a-f]{16}$/;

/** A new id for a job a Management API client can look up (an import or an export). */
export function newPublicJobId(): string {
  return `job_${randomHex(8)}`;
}

/**
 * Whether `id` can name such a job. Checked before any lookup: a path segment is the caller's text,
 * and one with a NUL in it made PostgreSQL refuse the query (a 500 where Auth0 answers 404).
 */
export function isPublicJobId(id: string): boolean {
  return PUBLIC_JOB_ID.test(id);
}
