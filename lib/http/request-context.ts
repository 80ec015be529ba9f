import { clientIp } from "./client-ip";

/** What the domain needs to know about the request that caused a change (logs, rate limits, Actions). */
export type RequestContext = {
  ip: string;
  userAgent?: string;
  hostname?: string;
  language?: string;
  method: string;
};

export function requestContextFrom(headers: Headers, method = "POST"): RequestContext {
  const language = headers.get("accept-language")?.split(",")[0]?.split(";")[0]?.trim();
  return {
    ip: clientIp(headers),
    userAgent: headers.get("user-agent")?.slice(0, 512) || undefined,
    hostname: headers.get("host")?.split(":")[0]?.slice(0, 255) || undefined,
    language: language?.slice(0, 35) || undefined,
    method,
  };
}
