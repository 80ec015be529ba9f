import type { RequestContext } from "@/lib/http";
import { logContext, type LogContext } from "@/lib/logs";
import type { ResetFlow } from "./flow";

/** Who and where of a tenant-log line about a flow: its user and identifier, the request's IP and agent. */
export function flowLogContext(flow: Pick<ResetFlow, "userId" | "identifier" | "connectionId">, ctx: RequestContext): LogContext {
  return logContext(ctx, { userId: flow.userId, userName: flow.identifier, connectionId: flow.connectionId });
}
