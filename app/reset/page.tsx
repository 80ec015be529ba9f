import type { Metadata } from "next";
import Link from "next/link";
import { CardPage } from "@/app/components";
import { config } from "@/lib/config";
import { defaultConnection } from "@/lib/users";
import { RequestResetForm } from "./request-reset-form";

export const metadata: Metadata = { title: "Reset your password" };
export const dynamic = "force-dynamic";

export default async function ResetPage() {
  const connection = await defaultConnection();
  return (
    <CardPage
      productName={config().PRODUCT_NAME}
      title="Reset your password"
      subtitle={connection.requiresUsername ? "Enter your email address or username. We will email you a link." : "Enter your email address. We will email you a link."}
      footer={
        <p>
          Remembered it? <Link href="/login">Sign in</Link>
        </p>
      }
    >
      <RequestResetForm label={connection.requiresUsername ? "Email or username" : "Email"} />
    </CardPage>
  );
}
