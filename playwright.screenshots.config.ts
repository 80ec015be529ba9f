import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/**
 * `npm run screenshots`: the reset journey photographed for review (issue: pages people trust),
 * desktop and phone, light and dark, into test-results/screenshots/<variant>/. Same server, mail
 * capture and Chromium as the e2e suite; not part of `npm test` (it proves nothing by itself).
 */
const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };

export default defineConfig({
  ...base,
  testDir: "screenshots",
  testMatch: "**/*.shots.ts",
  projects: [
    { name: "desktop-light", use: { ...base.use, viewport: desktop, colorScheme: "light" } },
    { name: "desktop-dark", use: { ...base.use, viewport: desktop, colorScheme: "dark" } },
    { name: "phone-light", use: { ...base.use, viewport: phone, colorScheme: "light", isMobile: true, hasTouch: true } },
    { name: "phone-dark", use: { ...base.use, viewport: phone, colorScheme: "dark", isMobile: true, hasTouch: true } },
  ],
});
