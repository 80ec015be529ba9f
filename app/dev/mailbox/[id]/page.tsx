import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppShell } from "@/app/components/app-shell";
import { config } from "@/lib/config";
import { getDevMail } from "@/lib/mail";
import { assertDevMailboxOpen } from "../guard";

export const metadata: Metadata = { title: "Message" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ view?: string }> };

export default async function DevMailPage({ params, searchParams }: Props) {
  await assertDevMailboxOpen();
  const { id } = await params;
  const { view } = await searchParams;
  if (!/^[0-9a-f-]{36}$/.test(id)) notFound();
  const message = await getDevMail(id);
  if (!message) notFound();
  const showText = view === "text";
  return (
    <AppShell productName={config().PRODUCT_NAME} nav={[{ href: "/dev/mailbox", label: "Dev mailbox" }]}>
      <p>
        <Link href="/dev/mailbox">← All messages</Link>
      </p>
      <h1>{message.subject}</h1>
      <dl className="details">
        <div>
          <dt>To</dt>
          <dd>{message.to}</dd>
        </div>
        <div>
          <dt>From</dt>
          <dd>{message.from}</dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd>{message.createdAt.toUTCString()}</dd>
        </div>
      </dl>
      <nav aria-label="Message views" className="tabs">
        <Link href={`/dev/mailbox/${id}`} aria-current={showText ? undefined : "page"}>
          HTML
        </Link>
        <Link href={`/dev/mailbox/${id}?view=text`} aria-current={showText ? "page" : undefined}>
          Text
        </Link>
      </nav>
      {showText ? (
        <pre className="mail-text">{message.text}</pre>
      ) : (
        // The sandbox (no scripts, no same-origin) keeps a message's HTML from acting on this page.
        <iframe title="Message (HTML)" className="mail-frame" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcDoc={withLinkTarget(message.html)} />
      )}
    </AppShell>
  );
}

/** Links in the frame open in the top window, as they would from a mail client. */
function withLinkTarget(html: string): string {
  return `<base target="_top">${html}`;
}
