import { handleChangePasswordRequest } from "@/lib/management";

export const dynamic = "force-dynamic";

/** Auth0's Authentication API: send a password reset email (the same path as /reset). */
export function POST(request: Request) {
  return handleChangePasswordRequest(request);
}
