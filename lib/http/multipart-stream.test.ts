import { describe, expect, it } from "vitest";
import { streamMultipart } from "./multipart-stream";

const BOUNDARY = "streamTestBoundary";

function request(body: string): Request {
  return new Request("http://localhost/upload", { method: "POST", headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` }, body });
}

const fileHead = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="users"; filename="u.json"\r\n\r\n`;

describe("streamMultipart", () => {
  it("hands the file over as it arrives and the fields after it, in order", async () => {
    const body = `${fileHead}[1,2,3]\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="connection_id"\r\n\r\ncon_1\r\n--${BOUNDARY}--\r\n`;
    const upload = await streamMultipart(request(body), "users", 1024, async (file, fields) => {
      const chunks: Buffer[] = [];
      for await (const chunk of file) chunks.push(chunk);
      return { text: Buffer.concat(chunks).toString(), connection: (await fields()).get("connection_id") };
    });
    expect(upload.stored).toEqual({ text: "[1,2,3]", connection: "con_1" });
  });

  // Regression: the form broke off before the sink began reading (it opens its rows first), and
  // busboy errored the file stream with no listener yet: an uncaught exception in the server.
  it("answers INVALID_INPUT when the form breaks off before the sink reads, and the sink sees the error", async () => {
    let sinkSaw: unknown = null;
    const refused = await streamMultipart(request(`${fileHead}[1,2`), "users", 1024, async (file, fields) => {
      // Reads only once the form has ended (here: broken off).
      await fields().catch(() => undefined);
      try {
        for await (const chunk of file) void chunk;
      } catch (error) {
        sinkSaw = error;
        throw error;
      }
      return "stored";
    }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "INVALID_INPUT", status: 400, message: "The multipart body could not be read." });
    expect(String(sinkSaw)).toMatch(/Unexpected end of form/);
  });

  it("passes a sink's own refusal on, and stops reading the body", async () => {
    const refusal = new Error("refused by the sink");
    const body = `${fileHead}${"x".repeat(10_000)}\r\n--${BOUNDARY}--\r\n`;
    await expect(
      streamMultipart(request(body), "users", 100_000, async (file) => {
        for await (const chunk of file) void chunk;
        throw refusal;
      }),
    ).rejects.toBe(refusal);
  });
});
