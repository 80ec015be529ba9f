import type { Metadata } from "next";
import Link from "next/link";
import { Alert, CardPage } from "@/app/components";
import { config } from "@/lib/config";
import { ERROR_CODES, type ErrorCode } from "@/lib/errors";

export const metadata: Metadata = { title: "Password reset" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ code?: string | string[] }> };

/** Only known codes are shown; anything else in the URL gets the generic message (no injection). */
function messageFor(code: unknown): string {
  if (typeof code === "string" && Object.hasOwn(ERROR_CODES, code)) return ERROR_CODES[code as ErrorCode].message;
  return ERROR_CODES.INTERNAL.message;
}

export default async function ResetErrorPage({ searchParams }: Props) {
  const { code } = await searchParams;
  return (
    <CardPage productName={config().PRODUCT_NAME} title="Your password was not reset">
      <Alert kind="error">{messageFor(code)}</Alert>
      <p>
        <Link href="/reset">Start a new password reset</Link> · <Link href="/login">Sign in</Link>
      </p>
    </CardPage>
  );
}
