"use strict";
// Shared by the sandbox process and (through lib/actions/sandbox/redact.ts, a TypeScript twin) the
// host: every secret value is replaced in captured output and error messages, in the three forms
// an Action is likely to print it: raw, inside a JSON string, and percent-encoded in a URL.

/** Secrets shorter than this are not redacted: they would match ordinary text everywhere. */
const MIN_SECRET_LENGTH = 4;

/** @param {Record<string, string> | undefined} secrets @returns {Array<[string, string]>} */
function redactionPairs(secrets) {
  const pairs = [];
  for (const [name, value] of Object.entries(secrets || {})) {
    if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) continue;
    const marker = `[secret:${name}]`;
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])) {
      pairs.push([form, marker]);
    }
  }
  // Longest first, so a secret that contains another is replaced whole.
  return pairs.sort((a, b) => b[0].length - a[0].length);
}

/** @param {string} text @param {Array<[string, string]>} pairs */
function redact(text, pairs) {
  let out = text;
  for (const [form, marker] of pairs) {
    if (out.includes(form)) out = out.split(form).join(marker);
  }
  return out;
}

module.exports = { redact, redactionPairs, MIN_SECRET_LENGTH };
