"use strict";
// api.cache inside the sandbox. Auth0's get() is synchronous, so the host hands the trigger's live
// entries in as a snapshot; set() and delete() update that view at once (a get() after a set() in
// the same execution sees the new value) and record a command that the host applies to the
// database after the execution. Limits follow Auth0 (spec §4): key ≤ 64 bytes, value ≤ 4 KB,
// ≤ 20 entries and ≤ 8 KB per trigger, lifetime 15 minutes by default and at most 24 hours.

const LIMITS = Object.freeze({
  maxKeyBytes: 64,
  maxValueBytes: 4096,
  maxEntries: 20,
  maxTotalBytes: 8192,
  defaultTtlMs: 15 * 60 * 1000,
  maxTtlMs: 24 * 60 * 60 * 1000,
  /** set() + delete() calls one execution may make. */
  maxWritesPerExecution: 20,
});

const bytes = (s) => Buffer.byteLength(s, "utf8");

/**
 * @param {{ cacheSnapshot?: Record<string, {value: string, expires_at: number}>, command: (c: object) => void, now?: () => number }} ctx
 */
function createCacheApi(ctx) {
  const now = ctx.now || Date.now;
  /** @type {Map<string, {value: string, expires_at: number}>} */
  const entries = new Map();
  for (const [key, record] of Object.entries(ctx.cacheSnapshot || {})) {
    if (record && typeof record.value === "string" && Number.isFinite(record.expires_at)) {
      entries.set(key, { value: record.value, expires_at: record.expires_at });
    }
  }
  let writes = 0;

  function live(key) {
    const record = entries.get(key);
    if (!record) return undefined;
    if (record.expires_at <= now()) {
      entries.delete(key);
      return undefined;
    }
    return record;
  }

  function sizeWith(key, value) {
    let total = 0;
    let count = 0;
    for (const k of [...entries.keys()]) {
      if (k === key || !live(k)) continue;
      count += 1;
      total += bytes(k) + bytes(entries.get(k).value);
    }
    return { count: count + 1, total: total + bytes(key) + bytes(value) };
  }

  const error = (code) => ({ type: "error", code });

  return Object.freeze({
    get(key) {
      const record = live(String(key));
      return record ? { value: record.value, expires_at: record.expires_at } : undefined;
    },
    set(key, value, options) {
      key = String(key);
      if (typeof value !== "string") value = String(value);
      if (writes >= LIMITS.maxWritesPerExecution) return error("MaxSideEffectsExceeded");
      if (bytes(key) > LIMITS.maxKeyBytes || key.length === 0) return error("CacheKeySizeExceeded");
      if (bytes(value) > LIMITS.maxValueBytes) return error("CacheValueSizeExceeded");
      const at = now();
      const opts = options || {};
      let expiresAt = at + LIMITS.defaultTtlMs;
      const hasTtl = opts.ttl !== undefined;
      const hasExpiresAt = opts.expires_at !== undefined;
      if (hasTtl || hasExpiresAt) {
        const candidates = [];
        if (hasTtl) {
          if (typeof opts.ttl !== "number" || !Number.isFinite(opts.ttl) || opts.ttl <= 0) return error("InvalidExpiry");
          candidates.push(at + opts.ttl);
        }
        if (hasExpiresAt) {
          if (typeof opts.expires_at !== "number" || !Number.isFinite(opts.expires_at)) return error("InvalidExpiry");
          if (opts.expires_at <= at) return error("ItemAlreadyExpired");
          candidates.push(opts.expires_at);
        }
        // Both given: the earlier expiry wins (Auth0's documented rule).
        expiresAt = Math.min(...candidates);
      }
      // Lifetimes beyond the maximum are shortened to it, as Auth0 caps them.
      expiresAt = Math.floor(Math.min(expiresAt, at + LIMITS.maxTtlMs));
      const size = sizeWith(key, value);
      if (size.count > LIMITS.maxEntries || size.total > LIMITS.maxTotalBytes) return error("CacheSizeExceeded");
      writes += 1;
      const record = { value, expires_at: expiresAt };
      entries.set(key, record);
      ctx.command({ type: "cache.set", key, value, expires_at: expiresAt });
      return { type: "success", record: { value, expires_at: expiresAt } };
    },
    delete(key) {
      key = String(key);
      if (writes >= LIMITS.maxWritesPerExecution) return error("MaxSideEffectsExceeded");
      writes += 1;
      // Deleting a key that does not exist succeeds: Auth0 documents delete as "if it exists".
      entries.delete(key);
      ctx.command({ type: "cache.delete", key });
      return { type: "success" };
    },
  });
}

module.exports = { createCacheApi, CACHE_LIMITS: LIMITS };
