import type { Metadata } from "next";
import Link from "next/link";
import { Alert, CardPage } from "@/app/components";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Password changed" };
export const dynamic = "force-dynamic";

export default function ResetDonePage() {
  return (
    <CardPage productName={config().PRODUCT_NAME} title="Password changed">
      <Alert kind="success">Your new password is saved, and every earlier session was signed out.</Alert>
      <p>
        <Link href="/login?notice=password-reset" className="button button--primary button--block">
          Sign in
        </Link>
      </p>
    </CardPage>
  );
}
