import type { LogInput } from "./write";

/** The subject of a tenant-log line: the user, the identifier typed, the connection. */
export type LogSubject = Pick<LogInput, "userId" | "userName" | "connectionId">;

/** The who and where every tenant-log line about a request carries; spread it into writeLog's input. */
export type LogContext = LogSubject & Pick<LogInput, "ip" | "userAgent">;

/**
 * The one builder of a log line's context: the request's IP and user agent (a RequestContext, or
 * none for work no request caused), with the line's subject.
 *
 * ```ts
 * await writeLog({ type: "fs", ...logContext(ctx, { userName: email, connectionId }), description });
 * ```
 */
export function logContext(ctx: { ip: string; userAgent?: string } | undefined, subject: LogSubject = {}): LogContext {
  return { ...subject, ip: ctx?.ip, userAgent: ctx?.userAgent };
}
