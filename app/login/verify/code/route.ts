import { NextResponse, type NextRequest } from "next/server";
import { safeReturnPath } from "@/lib/auth";
import { config } from "@/lib/config";
import { assertSameOrigin, readBody, requestContextFrom } from "@/lib/http";
import { pendingSignInCookieName, proofInputSchema } from "@/lib/pending-sign-in";
import { signInWithProof } from "@/lib/users";
import { backToVerify, PROOF_FORM_MAX_BYTES, proofFormSchema, withSession, type ProofForm } from "../back";

/**
 * The proof form of /login/verify: a right code (with the right password before it) signs in
 * and goes on to the return address; anything else goes back to the page with the error's code.
 */
export async function POST(request: NextRequest) {
  let form: ProofForm = {};
  try {
    assertSameOrigin(request);
    form = await readBody(request, proofFormSchema, PROOF_FORM_MAX_BYTES);
    const input = proofInputSchema.parse(form);
    const ctx = requestContextFrom(request.headers);
    const user = await signInWithProof(request.cookies.get(pendingSignInCookieName())?.value, input, ctx);
    return await withSession(NextResponse.redirect(new URL(safeReturnPath(form.callbackUrl), config().PUBLIC_URL), 303), user);
  } catch (error) {
    return backToVerify(form, { error });
  }
}
