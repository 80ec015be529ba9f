import type { NextRequest } from "next/server";
import { z } from "zod";
import { assertSameOrigin, readBody, requestContextFrom } from "@/lib/http";
import { phoneNumberInput } from "@/lib/factors";
import { pendingSignInCookieName, sendProofCode } from "@/lib/pending-sign-in";
import { backToVerify, PROOF_FORM_MAX_BYTES, proofFormSchema, type ProofForm } from "../back";

const sendSchema = z.object({ method: z.enum(["email", "phone"], { error: "Choose a method." }), phone: phoneNumberInput.optional() });

/** "Send code" and "Send a new code" of /login/verify (email, SMS; with the number typed, when a phone is set up); back to the page either way. */
export async function POST(request: NextRequest) {
  let form: ProofForm = {};
  try {
    assertSameOrigin(request);
    form = await readBody(request, proofFormSchema, PROOF_FORM_MAX_BYTES);
    const { method, phone } = sendSchema.parse(form);
    await sendProofCode(request.cookies.get(pendingSignInCookieName())?.value, method, requestContextFrom(request.headers), { phoneNumber: phone });
    return backToVerify(form, { sent: true });
  } catch (error) {
    return backToVerify(form, { error });
  }
}
