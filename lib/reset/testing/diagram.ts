import fs from "node:fs";
import path from "node:path";
import { RESET_TRANSITIONS } from "../states";

/** The edges of states.mmd between two states (`from -> to`), sorted; `[*]` ends left out. */
export function edgesOfDiagram(): string[] {
  const text = fs.readFileSync(path.join(import.meta.dirname, "..", "states.mmd"), "utf8");
  return [...text.matchAll(/^\s*(\w+)\s*-->\s*(\w+)/gm)].map(([, from, to]) => `${from} -> ${to}`).sort();
}

/** The edges of RESET_TRANSITIONS (`from -> to`), sorted. */
export function edgesOfTable(): string[] {
  return Object.entries(RESET_TRANSITIONS)
    .flatMap(([from, targets]) => targets.map((to) => `${from} -> ${to}`))
    .sort();
}
