// `npm run config:table` rewrites the README's configuration table from lib/config/schema.ts, the
// single source of truth; lib/config/table.test.ts fails when the README is behind.
import fs from "node:fs";
import path from "node:path";
import { replaceConfigTable } from "../lib/config/table";

const readme = path.resolve(import.meta.dirname, "..", "README.md");
fs.writeFileSync(readme, replaceConfigTable(fs.readFileSync(readme, "utf8")));
console.log("README.md configuration table updated");
