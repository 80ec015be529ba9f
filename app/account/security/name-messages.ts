/** The name's refusals (lib/factors/schemas.ts factorNameInput, answered in English by the route) → their message IDs. */
export const NAME_MESSAGES: Record<string, string> = {
  "Give it a name.": "fields.factorNameRequired",
  "Give it a name, like “YubiKey” or “Laptop”.": "fields.factorNameExample",
  "Names have at most 60 characters.": "fields.factorNameTooLong",
  "Use letters, digits and punctuation only.": "fields.factorNameChars",
};
