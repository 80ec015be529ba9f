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
  /** Once signInPerAccount is spent, a right password needs proof: codes typed at /login/verify, per account (each pending sign-in allows 5). */
  signInProofPerUser: { burst: 20, perMinute: 0.2 },
  /** Passkey ceremonies started from one IP (each sign-in page view offers one to the autofill, and stores a challenge row); their checks count as sign-ins (signInPerIp). */
  passkeyOptionsPerIp: { burst: 100, perMinute: 60 },
  /** Codes sent within one pending sign-in (the send and resend buttons). */
  signInProofCodePerPending: { burst: 3, perMinute: 1 },
  /** "Someone is trying to sign in to your account" notices: once an hour at most, never per attempt. */
  signInAttemptsNoticePerUser: { burst: 1, perMinute: 1 / 60 },
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
  /**
   * Reset codes typed for one identifier, across all of its flows and every IP: each flow allows 5
   * tries, and this stops a guesser from opening flow after flow (then about 12 an hour).
   */
  resetCodePerAccount: { burst: 20, perMinute: 0.2 },
  /**
   * Reset emails sent to one account, whoever asks and from wherever: 5 an hour. Over it the
   * request answers as always and the worker sends nothing (tenant log fcpr), so a stranger can
   * neither flood the mailbox nor keep replacing the owner's link.
   */
  resetEmailPerAccount: { burst: 5, perMinute: 5 / 60 },
  /** Password confirmations before changing sign-in methods on /account/security, per user. */
  factorReauthPerUser: { burst: 10, perMinute: 1 },
  /** Codes typed to confirm a new factor (authenticator app, phone, email), per user. */
  factorEnrollVerifyPerUser: { burst: 10, perMinute: 1 },
  /**
   * Second-factor checks in resets, per user across all of their flows: each challenge allows 5
   * tries, and this stops a guesser from opening flow after flow (about 12 an hour after the burst).
   */
  factorVerifyPerUser: { burst: 20, perMinute: 0.2 },
  /** SMS codes to one user, enrollment and resets together: Auth0's 10 an hour. */
  smsPerUser: { burst: 10, perMinute: 10 / 60 },
  /** SMS codes within one reset (the resend button). */
  smsPerFlow: { burst: 3, perMinute: 1 },
  /** SMS from one IP, whatever the account: SMS pumping signs up account after account. */
  smsPerIp: { burst: 20, perMinute: 20 / 60 },
  /** SMS to one number, whatever the account: pumping reuses its premium-rate numbers. */
  smsPerNumber: { burst: 10, perMinute: 10 / 60 },
  /** Every SMS the server sends: a ceiling on the bill when pumping comes from many IPs. */
  smsPerTenant: { burst: 100, perMinute: 100 / 60 },
  /** Emailed codes to one user, enrollment and resets together. */
  emailCodePerUser: { burst: 10, perMinute: 10 / 60 },
  /** Emailed codes within one reset (the resend button). */
  emailCodePerFlow: { burst: 3, perMinute: 1 },
  /** Client-credentials exchanges at /oauth/token from one IP (guessing client secrets; a client needs one token a day). */
  managementTokenPerIp: { burst: 30, perMinute: 10 },
  /**
   * Notice emails to one admin about API writes aimed at their account (every one is still in the
   * tenant log): a client refused again and again must not flood the admin's mailbox.
   */
  adminApiWriteNoticePerUser: { burst: 5, perMinute: 5 / 60 },
} as const satisfies Record<string, { burst: number; perMinute: number }>;

export type RateLimitPolicyName = keyof typeof RATE_LIMIT_POLICIES;
