/** Emails compare case-insensitively after Unicode normalisation; stored in this form. */
export function normalizeEmail(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

export function normalizeUsername(username: string): string {
  return username.normalize("NFC").trim().toLowerCase();
}

/** An identifier typed into a sign-in or reset form: an email when it has an @, else a username. */
export function normalizeIdentifier(identifier: string): { email?: string; username?: string; key: string } {
  const trimmed = identifier.normalize("NFC").trim();
  if (trimmed.includes("@")) {
    const email = normalizeEmail(trimmed);
    return { email, key: email };
  }
  const username = normalizeUsername(trimmed);
  return { username, key: username };
}
