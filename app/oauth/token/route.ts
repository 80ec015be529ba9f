import { handleTokenRequest } from "@/lib/management";

export const dynamic = "force-dynamic";

/** Auth0's token endpoint, client-credentials grant only (Management API access tokens). */
export function POST(request: Request) {
  return handleTokenRequest(request);
}
