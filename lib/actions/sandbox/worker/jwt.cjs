"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS by design: loaded by the sandbox process without a TypeScript loader. */
// HS256 JSON Web Tokens for api.redirect.encodeToken / validateToken, with node:crypto only (the
// sandbox loads no packages of its own). Plain CommonJS so the worker, the host and the e2e
// verifier site share one implementation.
const crypto = require("node:crypto");

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
const SEGMENT = /^[A-Za-z0-9_-]+$/;

function hmac(input, secret) {
  return crypto.createHmac("sha256", secret).update(input).digest();
}

/** @param {Record<string, unknown>} payload @param {string} secret @returns {string} */
function signHs256(payload, secret) {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${HEADER}.${body}.${hmac(`${HEADER}.${body}`, secret).toString("base64url")}`;
}

function decodeSegment(segment) {
  if (!SEGMENT.test(segment)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks the signature (HS256 only: `none` and every other algorithm are refused, so a token cannot
 * pick its own verification), then `exp` and `nbf` when present. The reasons follow the wording of
 * the widely used jsonwebtoken package, which Auth0's runtime reports.
 * @param {unknown} token @param {string} secret @param {number} nowSeconds
 * @returns {{ valid: true, payload: Record<string, unknown> } | { valid: false, reason: string }}
 */
function verifyHs256(token, secret, nowSeconds) {
  if (typeof token !== "string") return { valid: false, reason: "jwt must be a string" };
  const parts = token.split(".");
  if (parts.length !== 3 || token.length > 8192) return { valid: false, reason: "jwt malformed" };
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = decodeSegment(headerPart);
  const payload = decodeSegment(payloadPart);
  if (!header || !payload || !SEGMENT.test(signaturePart)) return { valid: false, reason: "jwt malformed" };
  if (header.alg !== "HS256") return { valid: false, reason: "invalid algorithm" };
  const expected = hmac(`${headerPart}.${payloadPart}`, secret);
  const given = Buffer.from(signaturePart, "base64url");
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { valid: false, reason: "invalid signature" };
  if (payload.exp !== undefined) {
    if (typeof payload.exp !== "number" || !Number.isFinite(payload.exp)) return { valid: false, reason: "invalid exp value" };
    if (nowSeconds >= payload.exp) return { valid: false, reason: "jwt expired" };
  }
  if (payload.nbf !== undefined) {
    if (typeof payload.nbf !== "number" || !Number.isFinite(payload.nbf)) return { valid: false, reason: "invalid nbf value" };
    if (nowSeconds < payload.nbf) return { valid: false, reason: "jwt not active" };
  }
  return { valid: true, payload };
}

module.exports = { signHs256, verifyHs256 };
