import { AppError, errorResponse } from "@/lib/errors";

/**
 * The part of next-auth's surface Rekey uses (credentials only, through next-auth/react): what
 * else reaches next-auth answers 500 from inside it — a GET of the credentials callback ("Callback
 * for provider type credentials not supported", an internal message), a JSON body that does not
 * parse, a multipart body. Those are refused here with a 4xx first.
 */
export function refuseUnsupportedAuthRequest(method: string, segments: readonly string[], contentType: string | null): Response | undefined {
  const action = segments[0] ?? "";
  if (method === "GET" && action === "callback") return errorResponse(new AppError("METHOD_NOT_ALLOWED", "Sign in through the sign-in form."));
  if (method === "POST") {
    // next-auth's client posts forms urlencoded; that parser cannot fail.
    const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/x-www-form-urlencoded") return errorResponse(new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the sign-in as a form."));
  }
  return undefined;
}
