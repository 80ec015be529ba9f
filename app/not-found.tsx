import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Alert, CardPage } from "@/app/components";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Page not found" };

/** Every unknown address and every notFound(): our card, not the framework's black-and-white page. */
export default async function NotFound() {
  // Rendered per request: the product name is configuration, which a build must not read.
  await connection();
  return (
    <CardPage productName={config().PRODUCT_NAME} title="Page not found">
      <Alert kind="info">There is nothing at this address. Check the link, or start again from the sign-in page.</Alert>
      <p>
        <Link href="/login">Sign in</Link> · <Link href="/reset">Reset your password</Link>
      </p>
    </CardPage>
  );
}
