import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { Alert, CardPage } from "@/app/components";
import { config } from "@/lib/config";
import { ERROR_CODES, isAppError } from "@/lib/errors";
import { loadBoundFlow, resetCookieName, STEP_PATHS } from "@/lib/reset";
import { findConnection, policyOf } from "@/lib/users";
import { NewPasswordForm } from "./new-password-form";

export const metadata: Metadata = { title: "Choose a new password" };
export const dynamic = "force-dynamic";

export default async function NewPasswordPage() {
  const productName = config().PRODUCT_NAME;
  let problem: string | null = null;
  let policy = null;
  try {
    const flow = await loadBoundFlow((await cookies()).get(resetCookieName())?.value);
    if (flow.state !== "password_allowed") {
      problem = flow.state in STEP_PATHS ? null : ERROR_CODES.RESET_FLOW_STATE.message;
      if (!problem) {
        return (
          <CardPage productName={productName} title="One more step">
            <Alert kind="info">Finish the previous step first.</Alert>
            <p>
              <Link href={STEP_PATHS[flow.state as keyof typeof STEP_PATHS]}>Continue</Link>
            </p>
          </CardPage>
        );
      }
    } else {
      const connection = await findConnection(flow.connectionId);
      policy = connection ? policyOf(connection) : null;
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.message;
  }
  if (problem || !policy) {
    return (
      <CardPage productName={productName} title="Your password was not reset">
        <Alert kind="error">{problem ?? ERROR_CODES.RESET_FLOW_STATE.message}</Alert>
        <p>
          <Link href="/reset">Start a new password reset</Link>
        </p>
      </CardPage>
    );
  }
  return (
    <CardPage productName={productName} title="Choose a new password" subtitle="Saving it signs you out everywhere.">
      <NewPasswordForm policy={policy} />
    </CardPage>
  );
}
