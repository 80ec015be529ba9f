// `npm run i18n:last-resort` rewrites lib/i18n/last-resort-messages.ts (the strings of
// app/global-error.tsx) from the catalogs; lib/i18n/last-resort.test.ts fails when it is behind.
import fs from "node:fs";
import path from "node:path";
import { lastResortModule } from "../lib/i18n/last-resort-source";

const target = path.resolve(import.meta.dirname, "..", "lib", "i18n", "last-resort-messages.ts");
fs.writeFileSync(target, lastResortModule());
console.log("lib/i18n/last-resort-messages.ts updated");
