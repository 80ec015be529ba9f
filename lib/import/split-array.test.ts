import { describe, expect, it } from "vitest";
import { ImportFileError, splitJsonArray, type ArrayElement } from "./split-array";

async function* pieces(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, "utf8");
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function all(text: string, size = 7, start = { index: 0, byte: 0, line: 1 }): Promise<ArrayElement[]> {
  const out: ArrayElement[] = [];
  for await (const e of splitJsonArray(pieces(text.slice(0), size), start, 1000)) out.push(e);
  return out;
}

const FILE = '[\n  {"email": "a@x.io", "name": "brace } in [string] \\" still"},\n  {"email": "ü@x.io",\n   "app_metadata": {"n": [1, {"k": 2}]}},\n\n  {"email": "c@x.io"}\n]\n';

describe("splitJsonArray", () => {
  it.each([1, 2, 7, 64, 4096])("splits a file into its objects with their lines, in pieces of %i bytes", async (size) => {
    const elements = await all(FILE, size);
    expect(elements.map((e) => JSON.parse(e.text).email)).toEqual(["a@x.io", "ü@x.io", "c@x.io"]);
    expect(elements.map((e) => e.line)).toEqual([2, 3, 6]);
    expect(elements.map((e) => e.index)).toEqual([0, 1, 2]);
  });

  it("resumes from a checkpoint's byte offset and line with the same elements", async () => {
    const [first, ...rest] = await all(FILE);
    const tail = Buffer.from(FILE).subarray(first!.end.byte).toString("utf8");
    const resumed = await all(tail, 5, { index: 1, byte: first!.end.byte, line: first!.end.line });
    expect(resumed.map(({ index, line, text }) => ({ index, line, text }))).toEqual(rest.map(({ index, line, text }) => ({ index, line, text })));
  });

  it("accepts an empty array", async () => {
    expect(await all(" [ ] ")).toEqual([]);
  });

  it.each([
    ["", /empty/],
    ['{"email": "a@x.io"}', /JSON array/],
    ['[{"a":1} {"b":2}]', /comma or \] at line 1/],
    ['[{"a":1},]', /user object at line 1/],
    ['[{"a":1}', /ends before its closing/],
    ['[{"a":1}] x', /after the users array/],
    ['[1, 2]', /user object/],
    ['[{"a": "never closed}]', /larger than 1000 bytes, or a string in it is not closed|ends before/],
  ])("refuses %j as a file", async (text, message) => {
    await expect(all(text)).rejects.toThrow(ImportFileError);
    await expect(all(text)).rejects.toThrow(message);
  });

  it("refuses one element larger than the limit", async () => {
    await expect(all(`[{"a": "${"x".repeat(2000)}"}]`)).rejects.toThrow(/index 0 \(line 1\) is larger than 1000 bytes/);
  });
});
