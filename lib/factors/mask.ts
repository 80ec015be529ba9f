/** "j•••@example.com": enough for a person to recognise their address, not to learn it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "•••";
  return `${email.charAt(0)}•••${email.slice(at)}`;
}

/** "+1 ••• ••• 4567": the last digits only, as on a bank card. */
export function maskPhone(e164: string): string {
  return `${e164.slice(0, 2)}•••${e164.slice(-2)}`;
}
