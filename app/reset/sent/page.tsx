import type { Metadata } from "next";
import Link from "next/link";
import { CardPage } from "@/app/components";
import { config } from "@/lib/config";
import { CodeForm } from "./code-form";
import { RESET_TYPED_COOKIE } from "../typed-identifier";
import { createHash } from "node:crypto";
import { cookies } from "next/headers";
import { resetCookieName } from "@/lib/reset";
import { fromCookieText } from "@/lib/http";

export const metadata: Metadata = { title: "Check your email" };
export const dynamic = "force-dynamic";

export default async function ResetSentPage() {
  const jar = await cookies();
  const typed = fromCookieText(jar.get(RESET_TYPED_COOKIE)?.value);
  // A new email starts a new flow (a new cookie): the code form starts over with it.
  // The cookie holds the flow's browser secret: only a digest of it may reach the page.
  const flowKey = createHash("sha256").update(jar.get(resetCookieName())?.value ?? "").digest("base64url");
  return (
    <CardPage
      productName={config().PRODUCT_NAME}
      title="Check your email"
      subtitle={
        typed ? (
          <>
            If an account matches <strong className="typed-identifier">{typed}</strong>, we sent it an email with a link and a 6-digit code.
          </>
        ) : (
          "If an account matches what you entered, we sent it an email with a link and a 6-digit code."
        )
      }
      footer={
        <p>
          No email after a few minutes? Check your spam folder, or <Link href="/reset">ask again</Link>.
        </p>
      }
    >
      <p>Open the link in the email, or type its code here if you read your email on another device.</p>
      <CodeForm key={flowKey} typed={typed} />
    </CardPage>
  );
}
