// A Vitest global setup (vitest.config.ts): after a run that included every test file that drives
// reset flows, the moves they took (recorded by record-transitions.ts) must be exactly the edges of
// RESET_TRANSITIONS and of states.mmd. An edge no test takes is either dead code in the table or
// an untested path; an edge taken outside the table cannot happen (transitionFlow refuses it).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { edgesOfDiagram, edgesOfTable } from "./diagram";

/** The test files that walk flows through their states; the comparison needs all of them. */
export const FLOW_TEST_FILES = [
  "lib/reset/reset.test.ts",
  "lib/reset/factor-step.test.ts",
  "lib/reset/post-challenge/post-challenge.test.ts",
  "lib/reset/account-events.test.ts",
  "lib/reset/newest-link.test.ts",
];

export default function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-transitions-"));
  project.provide("resetTransitionsDir", dir);
  return () => {
    try {
      const records = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as { file: string; taken: string[] });
      const ran = new Set(records.map((r) => r.file));
      if (!FLOW_TEST_FILES.every((f) => ran.has(f))) return; // a partial run: nothing to compare
      const taken = [...new Set(records.flatMap((r) => r.taken))].filter((edge) => !edge.startsWith("[*]")).sort();
      const table = edgesOfTable();
      const problems = [
        ...table.filter((e) => !taken.includes(e)).map((e) => `${e}: in RESET_TRANSITIONS but no test takes it`),
        ...taken.filter((e) => !table.includes(e)).map((e) => `${e}: taken but not in RESET_TRANSITIONS`),
        ...edgesOfDiagram().filter((e) => !taken.includes(e)).map((e) => `${e}: in states.mmd but no test takes it`),
      ];
      // Vitest only logs an error thrown here: the exit code is what fails the run.
      if (problems.length) process.exitCode = 1;
      if (problems.length) throw new Error(`The reset tests and the state table disagree:\n  ${[...new Set(problems)].join("\n  ")}`);
      console.log(`[rekey] the reset tests took all ${taken.length} transitions of RESET_TRANSITIONS and states.mmd`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    resetTransitionsDir: string;
  }
}
