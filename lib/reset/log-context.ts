import type { RequestContext } from "@/lib/http";
import type { LogInput } from "@/lib/logs";
import type { ResetFlow } from "./flow";

/** Who and where of a tenant-log line about a flow: its user and identifier, the request's IP and agent. */
export function flowLogContext(flow: Pick<ResetFlow, "userId" | "identifier" | "connectionId">, ctx: RequestContext): Pick<LogInput, "userId" | "userName" | "connectionId" | "ip" | "userAgent"> {
  return { userId: flow.userId, userName: flow.identifier, connectionId: flow.connectionId, ip: ctx.ip, userAgent: ctx.userAgent };
}
