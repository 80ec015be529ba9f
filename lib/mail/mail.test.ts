import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { createWorker, silentLogger, type JobContext } from "@/lib/jobs";
import {
  enqueueEmail,
  getDevMail,
  listDevMail,
  passwordChangedEmail,
  passwordResetEmail,
  renderEmail,
  sendEmailJobHandler,
} from "@/lib/mail";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import { startSmtpCapture, type SmtpCapture } from "./testing/smtp-capture";

const HOSTILE = `<script>alert("pwned")</script> & 'friends'`;

describe("renderEmail", () => {
  beforeEach(() => overrideConfig({ PRODUCT_NAME: "Rekey <Test>" }));
  afterEach(() => overrideConfig({}));

  it("escapes every interpolated value in the HTML and keeps the text twin readable", () => {
    const { html, text } = renderEmail({
      title: `Hello ${HOSTILE}`,
      intro: `Intro ${HOSTILE}`,
      action: { label: `Go ${HOSTILE}`, url: `https://example.test/a?x="><script>y</script>&b=1` },
      paragraphs: [`Para ${HOSTILE}`],
      footer: `Footer ${HOSTILE}`,
    });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('href="https://example.test/a?x=%22%3E%3Cscript%3Ey%3C/script%3E&amp;b=1"');
    expect(html).toContain("Hello &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &#39;friends&#39;");
    expect(html).toContain("Rekey &lt;Test&gt;");
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('role="presentation"');
    expect(text).toContain(`Hello ${HOSTILE}`);
    expect(text).toContain(`Para ${HOSTILE}`);
    expect(text).toContain("https://example.test/a?x=%22%3E%3Cscript%3Ey%3C/script%3E&b=1");
    expect(text.startsWith("Rekey <Test>\n")).toBe(true);
  });

  it("refuses an action URL that is not http(s)", () => {
    const base = { title: "t", intro: "i", paragraphs: [], footer: "f" };
    expect(() => renderEmail({ ...base, action: { label: "x", url: "javascript:alert(1)" } })).toThrow(/http or https/);
    expect(() => renderEmail({ ...base, action: { label: "x", url: "/relative" } })).toThrow(/absolute/);
  });

  it("renders the templates", () => {
    overrideConfig({ PUBLIC_URL: "https://id.example.test" });
    const changed = passwordChangedEmail({ changedAt: new Date("2026-01-02T03:04:05Z"), ip: "203.0.113.9", reason: "reset" });
    expect(changed.template).toBe("password-changed");
    expect(changed.subject).toBe("Your Rekey password was changed");
    expect(changed.text).toContain("with a password reset link on 2 January 2026 at 03:04 UTC (request from 203.0.113.9)");
    expect(changed.html).toContain('href="https://id.example.test/reset"');
    const requestedAt = new Date("2026-01-02T03:04:05Z");
    const reset = passwordResetEmail({
      url: "https://id.example.test/reset/verify?ticket=abc",
      code: "123456",
      requestedAt,
      expiresAt: new Date(requestedAt.getTime() + 30 * 60_000),
      ip: "203.0.113.9",
    });
    expect(reset.text).toContain("https://id.example.test/reset/verify?ticket=abc");
    expect(reset.text).toContain("expire in 30 minutes");
    expect(reset.text).toContain("123 456");
    expect(reset.text).toContain("from IP address 203.0.113.9");
  });
});

describe.each(testDatabaseKinds())("email jobs (%s)", (kind) => {
  const t = useTestDatabase(kind);
  let smtp: SmtpCapture;
  const db = () => t.db().prisma;
  const worker = () =>
    createWorker({ handlers: { "email.send": sendEmailJobHandler }, database: t.db(), logger: silentLogger, backoff: { baseSeconds: 0 } });

  beforeAll(async () => {
    smtp = await startSmtpCapture();
  });
  afterAll(async () => {
    await smtp.close();
  });
  beforeEach(async () => {
    await db().job.deleteMany({});
    await db().mailMessage.deleteMany({});
  });
  afterEach(() => {
    overrideConfig({});
  });

  it("a job sends the email through SMTP, then drops the body from the job", async () => {
    overrideConfig({ SMTP_URL: smtp.url, DEV_MAILBOX: "false", MAIL_FROM: "Rekey Test <no-reply@rekey.test>", PUBLIC_URL: "https://id.example.test" });
    const body = renderEmail({ title: `Hi ${HOSTILE}`, intro: "Welcome.", paragraphs: [], footer: "Footer." });
    const { id } = await db().$transaction((tx) =>
      enqueueEmail(tx, { to: "alice@example.test", subject: "Welcome aboard", template: "welcome", ...body }),
    );
    expect(smtp.messages.some((m) => m.subject === "Welcome aboard")).toBe(false); // never sent in the request

    expect(await worker().runOnce()).toBe(1);
    const mail = await smtp.waitForMessage((m) => m.subject === "Welcome aboard", { timeoutMs: 5_000 });
    expect(mail.from?.text).toBe('"Rekey Test" <no-reply@rekey.test>');
    expect(Array.isArray(mail.to) ? undefined : mail.to?.text).toBe("alice@example.test");
    expect(mail.messageId).toBe(`<${id}@id.example.test>`);
    expect(mail.text).toContain(`Hi ${HOSTILE}`);
    expect(mail.html).toContain("Hi &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;");
    expect(mail.html).not.toMatch(/<script/i);

    const job = await db().job.findUniqueOrThrow({ where: { id } });
    expect(job.status).toBe("succeeded");
    expect(job.payload).toEqual({ to: "alice@example.test", subject: "Welcome aboard", template: "welcome", bodyRemoved: true });
    expect(await db().mailMessage.count()).toBe(0);
  });

  it("without SMTP_URL the dev mailbox stores the message, once per job", async () => {
    overrideConfig({ DEV_MAILBOX: "true", MAIL_FROM: "Rekey <no-reply@localhost>" });
    const email = passwordChangedEmail({ changedAt: new Date(), ip: "198.51.100.7", reason: "self" });
    const { id } = await db().$transaction((tx) => enqueueEmail(tx, { to: "Bob@Example.test", ...email }));
    expect(await worker().runOnce()).toBe(1);

    const list = await listDevMail({ to: "bob@example.test", take: 10 });
    expect(list).toEqual([{ id, to: "Bob@Example.test", from: "Rekey <no-reply@localhost>", subject: email.subject, createdAt: expect.any(Date) }]);
    const stored = await getDevMail(id);
    expect(stored).toMatchObject({ subject: email.subject, text: email.text, html: email.html });
    expect(await listDevMail({ to: "carol@example.test", take: 10 })).toEqual([]);

    // At-least-once: a second run of the same job (its worker died before recording success) stores nothing new.
    const again: JobContext = { id, type: "email.send", payload: { to: "Bob@Example.test", ...email }, attempt: 2, maxAttempts: 5, signal: new AbortController().signal };
    await sendEmailJobHandler(again);
    expect(await db().mailMessage.count()).toBe(1);

    overrideConfig({ DEV_MAILBOX: "false", SMTP_URL: smtp.url });
    expect(await listDevMail({ take: 10 })).toEqual([]);
    expect(await getDevMail(id)).toBeNull();
  });

  it("with neither SMTP nor the dev mailbox, the job fails with a configuration error and retries", async () => {
    overrideConfig({ DEV_MAILBOX: "false" });
    const { id } = await db().$transaction((tx) =>
      enqueueEmail(tx, { to: "dave@example.test", subject: "s", text: "t", html: "<p>t</p>" }),
    );
    await worker().runOnce();
    const job = await db().job.findUniqueOrThrow({ where: { id } });
    expect(job.status).toBe("pending");
    expect(job.lastError).toMatch(/SMTP_URL is not set and the dev mailbox is off/);
  });

  it("refuses a bad email when enqueuing, and a bad payload when running", async () => {
    await expect(
      db().$transaction((tx) => enqueueEmail(tx, { to: "eve@example.test", subject: "a\r\nBcc: x@evil.test", text: "t", html: "h" })),
    ).rejects.toThrow(/line breaks/);
    await expect(db().$transaction((tx) => enqueueEmail(tx, { to: "not an address", subject: "s", text: "t", html: "h" }))).rejects.toThrow();
    expect(await db().job.count()).toBe(0);

    const { id } = await db().job.create({ data: { type: "email.send", payload: { to: "x" } } });
    await worker().runOnce();
    const job = await db().job.findUniqueOrThrow({ where: { id } });
    expect(job.status).toBe("dead");
    expect(job.lastError).toMatch(/^Invalid email.send payload/);
  });
});
