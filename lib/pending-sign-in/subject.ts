/**
 * The key of the per-account limits (sends, typed codes) a pending sign-in draws on: the account
 * when the password was right, else a key of the pending sign-in's own. A guesser's pending
 * sign-ins therefore never spend the owner's budgets (no lockout through the proof step either),
 * and both kinds run the very same statements: neither an answer nor its timing says which
 * password was right.
 */
export function limitSubject(row: { id: string; userId: string | null; passwordVerified: boolean }): string {
  return row.passwordVerified && row.userId ? row.userId : `pending:${row.id}`;
}
