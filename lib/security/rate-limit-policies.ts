/**
 * Every rate limit in one table. A bucket holds `burst` tokens and refills `perMinute` a minute;
 * each attempt takes one.
 */
export const RATE_LIMIT_POLICIES = {
  /** Every sign-in attempt from one IP, whatever the account. */
  signInPerIp: { burst: 100, perMinute: 60 },
  /** Sign-in attempts on one identifier from one IP; emptied again by a successful sign-in. Auth0 blocks after 10. */
  signInPerAccountIp: { burst: 10, perMinute: 1 },
  /** Sign-in attempts on one identifier from anywhere (a distributed guess). */
  signInPerAccount: { burst: 50, perMinute: 5 },
  /** Sign-ups from one IP. */
  signUpPerIp: { burst: 10, perMinute: 2 },
  /** Password changes on /account by one user (each verifies the current password). */
  accountPasswordChange: { burst: 10, perMinute: 1 },
  /** Reset requests from one IP for one identifier: Auth0's burst of 10, then 1 a minute. */
  resetRequestPerIpIdentifier: { burst: 10, perMinute: 1 },
  /** Reset requests from one IP, whatever the identifier (a sweep over many addresses). */
  resetRequestPerIp: { burst: 30, perMinute: 5 },
  /** Link and code checks from one IP (guessing tickets or codes across flows). */
  resetVerifyPerIp: { burst: 60, perMinute: 20 },
  /** Client-credentials exchanges at /oauth/token from one IP (guessing client secrets; a client needs one token a day). */
  managementTokenPerIp: { burst: 30, perMinute: 10 },
} as const satisfies Record<string, { burst: number; perMinute: number }>;

export type RateLimitPolicyName = keyof typeof RATE_LIMIT_POLICIES;
