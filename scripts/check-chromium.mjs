// The e2e suite drives Debian's Chromium; Playwright's own browser download cannot work offline.
import fs from "node:fs";

const CHROMIUM = "/usr/bin/chromium";
if (!fs.existsSync(CHROMIUM)) {
  console.error(
    `\nThe end-to-end tests need Chromium at ${CHROMIUM}.\n` +
      "Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n" +
      "(.ci/run does this for you.)\n",
  );
  process.exit(1);
}
