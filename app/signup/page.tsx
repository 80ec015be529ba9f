import type { Metadata } from "next";
import Link from "next/link";
import { Alert, CardPage } from "@/app/components";
import { config } from "@/lib/config";
import { defaultConnection, policyOf } from "@/lib/users";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };
export const dynamic = "force-dynamic";

export default async function SignUpPage() {
  const connection = await defaultConnection();
  return (
    <CardPage
      productName={config().PRODUCT_NAME}
      title="Create an account"
      footer={
        <p>
          Already have an account? <Link href="/login">Sign in</Link>
        </p>
      }
    >
      {connection.signupEnabled ? (
        <SignUpForm policy={policyOf(connection)} requiresUsername={connection.requiresUsername} />
      ) : (
        <Alert kind="info">Sign-up is disabled. Ask your administrator for an account.</Alert>
      )}
    </CardPage>
  );
}
