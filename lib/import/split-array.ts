/** One element of the top-level JSON array, as raw text, with where it sits in the file. */
export type ArrayElement = {
  /** Position in the array (0-based), counting from the resume point's index. */
  index: number;
  /** 1-based line of the element's first character. */
  line: number;
  text: string;
  /** Byte offset and line just after the element: the checkpoint once it is committed. */
  end: { byte: number; line: number };
};

export type SplitStart = { index: number; byte: number; line: number };

/** Thrown when the file is not one JSON array of objects (the whole job fails with its message). */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportFileError";
  }
}

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * Splits a JSON array of objects read as a byte stream into its elements, one at a time, so memory
 * holds one user, never the file. JSON.parse then reads each element: this only finds where an
 * object starts and ends (brace depth outside strings), which is what a generic streaming parser
 * (stream-json) cannot give: the byte offset to resume from after a crash and the line to name in
 * an error.
 *
 * `start` resumes mid-file: the stream must begin at `start.byte`, just after a committed element
 * (before its comma), or at 0.
 */
export async function* splitJsonArray(source: AsyncIterable<Buffer>, start: SplitStart, maxElementBytes: number): AsyncGenerator<ArrayElement> {
  type State = "before-array" | "before-element" | "after-element" | "in-element" | "done";
  let state: State = start.byte === 0 ? "before-array" : "after-element";
  let index = start.index;
  let byte = start.byte;
  let line = start.line;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let elementLine = line;

  for await (const chunk of source) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (state === "in-element") {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
        } else if (b === QUOTE) inString = true;
        else if (b === OPEN || b === OPEN_ARRAY) depth++;
        else if (b === CLOSE || b === CLOSE_ARRAY) depth--;
        if (b === NEWLINE) line++;
        if (depth === 0) {
          parts.push(chunk.subarray(from, i + 1));
          const text = Buffer.concat(parts).toString("utf8");
          parts = [];
          partBytes = 0;
          const end = { byte: byte + i + 1, line };
          yield { index, line: elementLine, text, end };
          index++;
          state = "after-element";
        } else if (partBytes + (i + 1 - from) > maxElementBytes) {
          throw new ImportFileError(`The user at index ${index} (line ${elementLine}) is larger than ${maxElementBytes} bytes, or a string in it is not closed.`);
        }
        continue;
      }
      if (b === NEWLINE) line++;
      if (isSpace(b) || state === "done") {
        if (state === "done" && !isSpace(b)) throw new ImportFileError(`Unexpected content after the users array at line ${line}.`);
        continue;
      }
      if (state === "before-array") {
        if (b !== OPEN_ARRAY) throw new ImportFileError("The users file must be a JSON array of user objects.");
        state = "before-element";
      } else if (state === "after-element" && b === COMMA) {
        state = "before-element";
      } else if (b === CLOSE_ARRAY && (state === "after-element" || (state === "before-element" && index === 0 && start.byte === 0))) {
        state = "done";
      } else if (state === "before-element" && b === OPEN) {
        state = "in-element";
        depth = 1;
        elementLine = line;
        from = i;
      } else {
        throw new ImportFileError(`Expected ${state === "after-element" ? "a comma or ]" : "a user object"} at line ${line} (byte ${byte + i}).`);
      }
    }
    if (state === "in-element") {
      const piece = chunk.subarray(from);
      parts.push(piece);
      partBytes += piece.length;
    }
    byte += chunk.length;
  }
  if ((state as State) !== "done") throw new ImportFileError(state === "before-array" ? "The users file is empty." : "The users file ends before its closing ].");
}
