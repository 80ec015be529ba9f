// Server-only: the package's compressed list of 49,233 passwords is 380 kB of JavaScript, far too
// much to ship to every browser for one checklist line.

/** How many of the most common passwords are refused (Auth0's dictionary size). */
export const COMMON_PASSWORDS_COUNT = 10_000;

export type CommonPasswords = {
  /** Number of distinct entries. */
  readonly size: number;
  /** Case-insensitive exact match, as Auth0 compares. */
  includes(plain: string): boolean;
};

let loading: Promise<CommonPasswords> | undefined;

/**
 * The 10,000 most common passwords, from the ranked list that ships with
 * `@zxcvbn-ts/language-common` (most common first, already lower-case). Loaded from
 * node_modules on first use and kept for the life of the process; nothing is downloaded.
 */
export function loadCommonPasswords(): Promise<CommonPasswords> {
  loading ??= import("@zxcvbn-ts/language-common").then(({ dictionary }) => {
    const set = new Set(dictionary["passwords-common"].slice(0, COMMON_PASSWORDS_COUNT).map((p) => p.toLowerCase()));
    return { size: set.size, includes: (plain: string) => set.has(plain.toLowerCase()) };
  });
  loading.catch(() => (loading = undefined));
  return loading;
}

/** Whether a password is one of the 10,000 most common ones. */
export async function isCommonPassword(plain: string): Promise<boolean> {
  return (await loadCommonPasswords()).includes(plain);
}
