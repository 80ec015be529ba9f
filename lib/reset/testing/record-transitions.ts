// A Vitest setup file (vitest.config.ts): every move a reset flow makes in a test file is recorded
// (lib/reset/transition.ts reports to the set below when it exists), and the file's moves are
// written out after it for transitions-taken.ts to compare with the state table.
import fs from "node:fs";
import path from "node:path";
import { afterAll, expect, inject } from "vitest";
import { TRANSITION_RECORDER, type TransitionRecord } from "./transition-recorder";

const record: TransitionRecord = { taken: new Set() };
(globalThis as Record<symbol, unknown>)[TRANSITION_RECORDER] = record;
let testFile: string | undefined;

afterAll(() => {
  testFile ??= expect.getState().testPath;
  const dir = inject("resetTransitionsDir");
  if (!dir || !testFile) return;
  const name = path.relative(process.cwd(), testFile);
  fs.writeFileSync(path.join(dir, `${name.replace(/[^A-Za-z0-9]/g, "_")}.json`), JSON.stringify({ file: name, taken: [...record.taken] }));
});
