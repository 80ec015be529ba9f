import { describe, expect, it } from "vitest";
import { readMultipartFields } from "./multipart";

const post = (body: FormData | string, contentType?: string) =>
  new Request("http://localhost/reset", { method: "POST", body, ...(contentType ? { headers: { "content-type": contentType } } : {}) });

describe("readMultipartFields", () => {
  it("reads the fields of a browser's form", async () => {
    const form = new FormData();
    form.append("identifier", "ada@example.com");
    form.append("名前", "値 \u{1F600}");
    const fields = await readMultipartFields(post(form));
    expect(fields.get("identifier")).toBe("ada@example.com");
    expect(fields.get("名前")).toBe("値 \u{1F600}");
  });

  it("refuses what Next.js's parser refuses: a control character in a part header, a missing boundary, a cut body", async () => {
    const form = new FormData();
    form.append("a\u0001b", "v");
    await expect(readMultipartFields(post(form))).rejects.toThrow(/Malformed part header/);
    await expect(readMultipartFields(post("x", "multipart/form-data"))).rejects.toThrow();
    const cut = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue";
    await expect(readMultipartFields(post(cut, "multipart/form-data; boundary=b"))).rejects.toThrow();
  });
});

describe("readMultipartFields limits", () => {
  it("stops reading a body past 1 MB with PAYLOAD_TOO_LARGE", async () => {
    const form = new FormData();
    form.append("identifier", "x".repeat(1024 * 1024 + 10));
    await expect(readMultipartFields(post(form))).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
  });
});
