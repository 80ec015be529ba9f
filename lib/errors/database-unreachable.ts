// Errors that say the database cannot be reached right now (down, restarting, partitioned, pool
// exhausted), as opposed to a query that failed: the request may succeed if sent again shortly.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "57P01", "57P03"]);
const MESSAGES = /Can't reach database server|Connection terminated|Timed out fetching a new connection|the database system is (starting up|shutting down)|Server has closed the connection/i;

/** How long a client is asked to wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 30;

export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (PRISMA_CODES.has(code) || SOCKET_CODES.has(code))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && MESSAGES.test(message)) return true;
  }
  return false;
}
