import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RESET_STATES } from "./states";
import { edgesOfDiagram, edgesOfTable } from "./testing/diagram";

describe("reset flow states", () => {
  it("the Mermaid diagram and the transition table have exactly the same edges", () => {
    expect(edgesOfDiagram()).toEqual(edgesOfTable());
  });

  it("every state appears in the diagram, and the diagram names no other state", () => {
    const text = fs.readFileSync(path.join(import.meta.dirname, "states.mmd"), "utf8");
    const named = new Set([...text.matchAll(/\b([a-z]+_[a-z_]+|completed|expired|denied)\b/g)].map((m) => m[1]));
    expect([...named].filter((n) => !(RESET_STATES as readonly string[]).includes(n!))).toEqual([]);
    for (const state of RESET_STATES) expect(named.has(state)).toBe(true);
  });
});
