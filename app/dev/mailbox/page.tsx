import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/app/components";
import { AppShell } from "@/app/components/app-shell";
import { config } from "@/lib/config";
import { listDevMail, parseDevMailboxFilter } from "@/lib/mail";
import { assertDevMailboxOpen } from "./guard";

export const metadata: Metadata = { title: "Dev mailbox" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ to?: string | string[] }> };

export default async function DevMailboxPage({ searchParams }: Props) {
  await assertDevMailboxOpen();
  const query = parseDevMailboxFilter((await searchParams).to);
  if (!query) notFound();
  const filter = query.to;
  const messages = await listDevMail({ to: filter, take: 100 });
  return (
    <AppShell productName={config().PRODUCT_NAME} nav={[{ href: "/dev/mailbox", label: "Dev mailbox", current: true }]}>
      <h1>Dev mailbox</h1>
      <Alert kind="warning" title="Mail is not being delivered">
        No SMTP server is configured (SMTP_URL), so every email is kept here instead. Anyone who can open this page can read
        them: never run like this in production.
      </Alert>
      <form method="get" className="inline-form" role="search">
        <label htmlFor="mailbox-to">Recipient</label>
        <input id="mailbox-to" name="to" type="email" defaultValue={filter} maxLength={254} />
        <button type="submit" className="button button--secondary">
          Filter
        </button>
      </form>
      {messages.length === 0 ? (
        <p className="muted">No messages{filter ? ` for ${filter}` : ""} yet.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Messages">
        <table className="table">
          <caption className="visually-hidden">Messages, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>
                  <time dateTime={m.createdAt.toISOString()}>{m.createdAt.toUTCString()}</time>
                </td>
                <td>{m.to}</td>
                <td>
                  <Link href={`/dev/mailbox/${m.id}`}>{m.subject}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </AppShell>
  );
}
