import { redirect } from "next/navigation";
import { landingPathFor, requireUser, SIGNED_IN_LANDING } from "@/lib/auth";

export const dynamic = "force-dynamic";

/** Where a sign-in without a return address lands: an admin goes to the console, others to their account. */
export default async function SignedInPage() {
  redirect(landingPathFor(await requireUser(SIGNED_IN_LANDING)));
}
