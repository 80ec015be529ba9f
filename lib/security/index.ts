export { consumeRateLimit, consumeRateLimitsInOrder, resetRateLimit, resetRateLimitSql, type RateLimitAttempt, type RateLimitResult } from "./rate-limit";
export { RATE_LIMIT_POLICIES, type RateLimitPolicyName } from "./rate-limit-policies";
export { generateToken, hashToken, keyedHash, generateNumericCode, timingSafeEqualString, randomHex } from "./tokens";
export { waitOf } from "./format-wait";
export { assertRateLimit, refuseIfLimited, type RateLimitLog, type RateLimitRefusal, type TooManyKind } from "./assert-rate-limit";
export { sealWith, openWith } from "./seal";
