// Browser-safe: the new-password checklist (a client component) and the server's form errors both
// say a password rule with this.
type Values = Record<string, string | number>;
/** A translator's call shape (next-intl's useTranslations/getTranslations, or translator()). */
export type TranslateFn = (id: string, values?: Values) => string;

export type RuleLike = { code: string; message: string; params?: Values; items?: { code: string }[] };

/**
 * A password rule in the page's language, from its code and numbers; a rule the catalog does not
 * know (a future one) keeps the server's English text.
 */
export function ruleText(t: TranslateFn, rule: RuleLike, audience: "self" | "other" = "self"): string {
  const p = rule.params ?? {};
  switch (rule.code) {
    case "min_length":
      return typeof p.min === "number" ? t("password.min_length", { min: p.min }) : rule.message;
    case "max_length":
      return typeof p.max === "number" ? t("password.max_length", { max: String(p.max) }) : rule.message;
    case "identical_chars":
      return p.maxRun !== undefined ? t("password.identical_chars", { maxRun: String(p.maxRun), example: String(p.example ?? "") }) : rule.message;
    case "char_types": {
      const names = (rule.items ?? []).map((i) => t(`password.${i.code}`));
      if (!names.length || typeof p.atLeast !== "number") return rule.message;
      if (p.atLeast === names.length) {
        const types = names.length === 1 ? names[0]! : t("password.listAnd", { head: names.slice(0, -1).join(", "), last: names.at(-1)! });
        return t("password.char_types_all", { types });
      }
      return t("password.char_types_some", { atLeast: String(p.atLeast), types: names.join(", ") });
    }
    case "dictionary":
      return t("password.dictionary");
    case "personal_info":
      return t(audience === "self" ? "password.personal_info_self" : "password.personal_info_other");
    case "history":
      return t("password.history");
    default:
      return rule.message;
  }
}

/** The sentence under the password field for the first rule a password fails. */
export function ruleSentence(t: TranslateFn, rule: RuleLike, locale: string): string {
  if (rule.code === "dictionary") return t("password.tooCommon");
  if (rule.code === "personal_info") return t("password.personalData");
  if (rule.code === "history") return t("password.history");
  const text = ruleText(t, rule);
  // English writes the rule mid-sentence ("needs: at least 8 characters"); the other catalogs
  // put it after a colon as it is, which keeps German nouns capitalised.
  return t("password.needs", { rule: locale === "en" ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text });
}
