import type { Metadata } from "next";
import { Alert, CardPage } from "@/app/components";
import { config } from "@/lib/config";
import { SignInAfterReset } from "../finished";

export const metadata: Metadata = { title: "Password changed" };
export const dynamic = "force-dynamic";

export default function ResetDonePage() {
  return (
    <CardPage productName={config().PRODUCT_NAME} title="Password changed">
      <Alert kind="success">Your new password is saved, and every earlier session was signed out.</Alert>
      <SignInAfterReset />
    </CardPage>
  );
}
