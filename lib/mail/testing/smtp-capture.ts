// A real SMTP server on loopback that keeps every message, for Vitest and the e2e fixtures.
// Only npm packages are imported here (no `@/` paths) so any test runner can load it.
import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export type SmtpCapture = {
  /** `smtp://127.0.0.1:PORT`, ready for SMTP_URL. */
  url: string;
  /** Every message received, in arrival order. */
  messages: ParsedMail[];
  /**
   * Resolves with the first message, already received or yet to come, that matches. Event-driven:
   * it is woken by each arrival, never by a timer; the timeout only bounds a failing test.
   */
  waitForMessage(predicate: (mail: ParsedMail) => boolean, options?: { timeoutMs?: number }): Promise<ParsedMail>;
  close(): Promise<void>;
};

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: ParsedMail[] = [];
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);

  const server = new SMTPServer({
    // Plain SMTP on loopback: no TLS to negotiate, and any (or no) credentials accepted, so an
    // SMTP_URL with a user and password works against it too.
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "test" });
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail);
          arrivals.emit("message", mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      // From now on "error" is a client's connection failing mid-message (a sender killed with
      // SIGKILL): that message is simply not captured. Unheard, the event would crash the tests.
      server.on("error", () => {});
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  // smtp-server reports a client's broken connection (a sender killed mid-session resets it) as an
  // 'error' event on the server; unhandled, that would crash the test runner holding the capture.
  // Such a client's message is simply not captured, which is what a real mail server does too.
  server.on("error", () => {});

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForMessage(predicate, { timeoutMs = 10_000 } = {}) {
      const existing = messages.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise<ParsedMail>((resolve, reject) => {
        const onMessage = (mail: ParsedMail) => {
          if (!predicate(mail)) return;
          clearTimeout(timer);
          arrivals.off("message", onMessage);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          arrivals.off("message", onMessage);
          reject(new Error(`No matching message within ${timeoutMs} ms (${messages.length} received).`));
        }, timeoutMs);
        arrivals.on("message", onMessage);
      });
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
