import type { Metadata } from "next";
import Link from "next/link";
import { Alert, CardPage } from "@/app/components";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Not allowed" };
export const dynamic = "force-dynamic";

export default function ForbiddenPage() {
  return (
    <CardPage productName={config().PRODUCT_NAME} title="Not allowed">
      <Alert kind="error">Your account cannot open this page.</Alert>
      <p>
        <Link href="/account">Back to your account</Link>
      </p>
    </CardPage>
  );
}
