"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS by design: the sandbox runtime is started by path, without a TypeScript loader. */
// Pieces shared by the in-sandbox api builders of the blocking triggers (api/*.cjs): factor
// selectors (challengeWith / enrollWith), absolute redirect URLs, and api.redirect with its signed
// session tokens. Arguments are checked where the author's stack trace still points at the call.
const { signHs256, verifyHs256 } = require("./jwt.cjs");

const FACTOR_TYPES = ["otp", "email", "webauthn-platform", "webauthn-roaming", "recovery-code", "phone", "push-notification"];
/** Names Auth0's docs use that are not in its type union (spec §6.3). */
const ALIASES = {
  sms: { type: "phone", options: { preferredMethod: "sms" } },
  voice: { type: "phone", options: { preferredMethod: "voice" } },
  push: { type: "push-notification" },
};
const PHONE_METHODS = ["sms", "voice", "both"];
const MAX_FACTORS = 20;
const MAX_URL_LENGTH = 4096;
/** The reason is shown to the user; a page of text is not a reason. */
const MAX_REASON_LENGTH = 500;
const DEFAULT_TOKEN_SECONDS = 15 * 60;
const DEFAULT_TOKEN_PARAMETER = "session_token";

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function factor(selector, where) {
  if (!isObject(selector) || typeof selector.type !== "string") {
    throw new TypeError(`${where}: each factor is an object such as { type: "otp" }.`);
  }
  if (selector.options !== undefined && !isObject(selector.options)) {
    throw new TypeError(`${where}: the options of factor "${selector.type}" must be an object.`);
  }
  const alias = Object.hasOwn(ALIASES, selector.type) ? ALIASES[selector.type] : undefined;
  const type = alias ? alias.type : selector.type;
  if (!FACTOR_TYPES.includes(type)) {
    throw new TypeError(`${where}: unknown factor type "${selector.type}"; use one of ${FACTOR_TYPES.join(", ")} (or sms, voice, push).`);
  }
  const options = { ...(selector.options || {}), ...((alias && alias.options) || {}) };
  if (type === "phone" && options.preferredMethod !== undefined && !PHONE_METHODS.includes(options.preferredMethod)) {
    throw new TypeError(`${where}: phone's preferredMethod is one of ${PHONE_METHODS.join(", ")}.`);
  }
  if (type === "push-notification" && options.otpFallback !== undefined && typeof options.otpFallback !== "boolean") {
    throw new TypeError(`${where}: push-notification's otpFallback is a boolean.`);
  }
  return Object.keys(options).length ? { type, options: structuredClone(options) } : { type };
}

function factorList(list, where, name) {
  if (!Array.isArray(list)) throw new TypeError(`${where}: ${name} must be an array of factors.`);
  if (list.length > MAX_FACTORS) throw new TypeError(`${where}: at most ${MAX_FACTORS} factors.`);
  return list.map((f) => factor(f, where));
}

/** An absolute http(s) URL with `options.query` set on it, as Auth0's shim builds it. */
function absoluteUrl(url, options, where) {
  let target;
  try {
    target = new URL(String(url));
  } catch {
    throw new TypeError(`${where}: "${String(url).slice(0, 200)}" is not an absolute URL.`);
  }
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    throw new TypeError(`${where}: only http and https URLs are allowed, not ${target.protocol}`);
  }
  if (options !== undefined && !isObject(options)) throw new TypeError(`${where}: the options must be an object such as { query: { … } }.`);
  const query = options && options.query;
  if (query !== undefined && !isObject(query)) throw new TypeError(`${where}: query must be an object of parameters.`);
  for (const [name, value] of Object.entries(query || {})) target.searchParams.set(name, String(value));
  if (target.href.length > MAX_URL_LENGTH) throw new TypeError(`${where}: the URL is longer than ${MAX_URL_LENGTH} characters.`);
  return target.href;
}

function secretOf(options, where) {
  if (!isObject(options)) throw new TypeError(`${where}: pass an options object such as { secret: event.secrets.MY_SECRET }.`);
  if (typeof options.secret !== "string" || options.secret.length === 0) {
    throw new TypeError(`${where}: secret must be a non-empty string (keep it in event.secrets).`);
  }
  return options.secret;
}

/**
 * `<verb>With(factor, { additionalFactors })` and `<verb>WithAny(factors)` (verb: challenge or
 * enroll), recording `authentication.<verb>With[Any]` with the aliases resolved.
 */
function factorMethods(ctx, verb) {
  const one = `${verb}With`;
  const any = `${verb}WithAny`;
  return {
    [one](selector, options) {
      const where = `api.authentication.${one}`;
      const first = factor(selector, where);
      if (options !== undefined && !isObject(options)) throw new TypeError(`${where}: the options must be an object such as { additionalFactors: [...] }.`);
      const additional = options && options.additionalFactors !== undefined ? factorList(options.additionalFactors, where, "additionalFactors") : [];
      ctx.command({ type: `authentication.${one}`, factors: [first, ...additional] });
    },
    [any](factors) {
      const where = `api.authentication.${any}`;
      const list = factorList(factors, where, "factors");
      if (list.length === 0) throw new TypeError(`${where}: pass at least one factor.`);
      ctx.command({ type: `authentication.${any}`, factors: list });
    },
  };
}

/**
 * Auth0's api.redirect (encodeToken, sendUserTo, validateToken), the same in every trigger that
 * redirects. `onSend` records the command with the URL already checked.
 * @param {{ event: any, now?: () => number }} ctx
 * @param {{ onSend: (url: string) => void }} options
 */
function createRedirectApi(ctx, { onSend }) {
  const now = ctx.now || Date.now;
  const event = ctx.event || {};
  const request = event.request || {};
  const user = event.user || {};
  return Object.freeze({
    encodeToken(options) {
      const where = "api.redirect.encodeToken";
      const secret = secretOf(options, where);
      if (options.payload !== undefined && !isObject(options.payload)) throw new TypeError(`${where}: payload must be an object.`);
      const ttl = options.expiresInSeconds === undefined ? DEFAULT_TOKEN_SECONDS : options.expiresInSeconds;
      if (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl <= 0) throw new TypeError(`${where}: expiresInSeconds must be a positive number.`);
      const iat = Math.floor(now() / 1000);
      // Auth0's order: the standard claims, then the payload, whose keys win.
      const claims = { iat, iss: request.hostname, sub: user.user_id, exp: iat + ttl, ip: request.ip, ...(options.payload || {}) };
      return signHs256(claims, secret);
    },
    sendUserTo(url, options) {
      onSend(absoluteUrl(url, options, "api.redirect.sendUserTo"));
    },
    validateToken(options) {
      const where = "api.redirect.validateToken";
      const secret = secretOf(options, where);
      const name = options.tokenParameterName || DEFAULT_TOKEN_PARAMETER;
      // The /continue request's parameters; posted ones win over the query's.
      const params = { ...(isObject(request.query) ? request.query : {}), ...(isObject(request.body) ? request.body : {}) };
      const token = Object.hasOwn(params, name) ? params[name] : undefined;
      if (!token) throw new Error(`There is no parameter called '${name}' available in either the POST body or query string.`);
      const checked = verifyHs256(token, secret, Math.floor(now() / 1000));
      if (!checked.valid) throw new Error(`The session token is invalid: ${checked.reason}`);
      const payload = checked.payload;
      // The state claim ties the token to this very redirect (it is single use and bound to the
      // flow), so a token cannot be replayed into another flow. The issuer is not checked: Auth0's
      // sources disagree on what it should be (spec §1.3), and it adds nothing to an HS256 signature.
      if (typeof params.state !== "string" || payload.state !== params.state) throw new Error("The session token is invalid: jwt state invalid");
      if (payload.sub !== user.user_id) throw new Error(`The session token is invalid: jwt subject invalid. expected: ${user.user_id}`);
      return payload;
    },
  });
}

/** A JSON value, as it will be stored or put in a token: functions, symbols and undefined are refused. */
function jsonValue(value, where) {
  if (value === undefined || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
    throw new TypeError(`${where}: the value must be JSON (a string, number, boolean, null, array or object).`);
  }
  return JSON.parse(JSON.stringify(value));
}

/** Auth0's api.user.setAppMetadata / setUserMetadata: `undefined` deletes the property. */
function metadataMethods(ctx) {
  const writer = (method) => (name, value) => {
    const where = `api.user.${method}`;
    if (typeof name !== "string" || name.length === 0) throw new TypeError(`${where}: the name must be a non-empty string.`);
    const command = { type: `user.${method}`, name };
    if (value !== undefined) command.value = jsonValue(value, where);
    ctx.command(command);
  };
  return { setAppMetadata: writer("setAppMetadata"), setUserMetadata: writer("setUserMetadata") };
}

/** Auth0's methods return the api object, so calls chain. */
function chained(self, fn) {
  return function (...args) {
    fn(...args);
    return self;
  };
}

module.exports = { jsonValue, metadataMethods, chained, factor, factorList, factorMethods, absoluteUrl, secretOf, createRedirectApi, isObject, MAX_REASON_LENGTH, MAX_FACTORS };
