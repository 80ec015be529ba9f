// `npm run i18n:last-resort` rewrites lib/i18n/last-resort-messages.ts and last-resort-english.ts
// (the strings of app/global-error.tsx) from the catalogs; lib/i18n/last-resort.test.ts fails when
// they are behind.
import fs from "node:fs";
import path from "node:path";
import { lastResortEnglishModule, lastResortModule } from "../lib/i18n/last-resort-source";

const dir = path.resolve(import.meta.dirname, "..", "lib", "i18n");
fs.writeFileSync(path.join(dir, "last-resort-messages.ts"), lastResortModule());
fs.writeFileSync(path.join(dir, "last-resort-english.ts"), lastResortEnglishModule());
console.log("lib/i18n/last-resort-messages.ts and last-resort-english.ts updated");
