// TEMPORARY: the CardPage half of the /ui-preview showcase (a page can hold only one <main>).

import type { Metadata } from "next";
import Link from "next/link";
import { CardPage, Field, PasswordField, SubmitButton } from "@/app/components";

export const dynamic = "force-static";
export const metadata: Metadata = { title: "Sign in (preview)" };

async function slowAction(): Promise<void> {
  "use server";
  await new Promise((resolve) => setTimeout(resolve, 3000));
}

export default function CardPreviewPage() {
  return (
    <CardPage
      productName="Rekey"
      title="Sign in"
      subtitle="Welcome back. Sign in to continue to Acme Dashboard."
      footer={
        <>
          No account? <Link href="/ui-preview">Create one</Link>
        </>
      }
    >
      <form className="form" action={slowAction}>
        <Field label="Email" name="email" type="email" autoComplete="username" required autoFocus />
        <PasswordField
          label="Password"
          name="password"
          required
          labelAside={<Link href="/ui-preview">Forgot password?</Link>}
        />
        <SubmitButton block>Sign in</SubmitButton>
      </form>
    </CardPage>
  );
}
