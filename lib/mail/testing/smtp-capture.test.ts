import net from "node:net";
import nodemailer from "nodemailer";
import { afterEach, describe, expect, it } from "vitest";
import { startSmtpCapture, type SmtpCapture } from "./smtp-capture";

let capture: SmtpCapture | undefined;
afterEach(async () => {
  await capture?.close();
  capture = undefined;
});

describe("the SMTP capture", () => {
  // Regression: a sender killed mid-session (kill -9 of a worker in the production suites) reset
  // its connection, and the capture's unhandled 'error' event crashed the test runner.
  it("outlives a client that resets its connection mid-session, and keeps receiving", async () => {
    capture = await startSmtpCapture();
    const { port } = new URL(capture.url);
    const socket = net.connect(Number(port), "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("data", () => resolve()));
    socket.write("EHLO crashing.example\r\nMAIL FROM:<a@example.com>\r\n");
    await new Promise<void>((resolve) => socket.once("data", () => resolve()));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.resetAndDestroy();
    await closed;

    const transport = nodemailer.createTransport(capture.url);
    await transport.sendMail({ from: "rekey@example.com", to: "after@example.com", subject: "still here", text: "hello" });
    const mail = await capture.waitForMessage((m) => m.subject === "still here");
    expect(mail.text?.trim()).toBe("hello");
  });
});
