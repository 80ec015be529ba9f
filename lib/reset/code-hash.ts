import { config } from "@/lib/config";
import { keyedHash } from "@/lib/security";

/** The stored form of a flow's short code, bound to the flow so a code from one email fits no other. */
export function resetCodeHash(flowId: string, code: string): string {
  return keyedHash(`reset-code:${flowId}:${code}`, config().AUTH_SECRET);
}
