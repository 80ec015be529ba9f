import { containsText, startsWithText, type Prisma } from "@/lib/db";
import { normalizeEmail, normalizeUsername, parseUserId } from "@/lib/users";
import { validationError } from "./errors";

type UserWhere = Prisma.UserWhereInput;

const TEXT_FIELDS = {
  email: "email",
  username: "username",
  name: "name",
  given_name: "givenName",
  family_name: "familyName",
  nickname: "nickname",
  phone_number: "phoneNumber",
} as const;

const BOOLEAN_FIELDS = { blocked: "blocked", email_verified: "emailVerified", phone_verified: "phoneVerified" } as const;

type Term = { field?: string; value: string };

/**
 * The subset of Auth0's user search (search_engine v3, Lucene syntax) Rekey answers: terms joined
 * by spaces or AND, each `field:value` or `field:"quoted value"` or free text; a trailing `*` makes
 * a prefix match. Fields: user_id, email, username, name, given_name, family_name, nickname,
 * phone_number, blocked, email_verified, phone_verified. Anything else (OR, NOT, ranges, groups) is
 * refused with a 400 rather than answered wrongly.
 */
export function parseUserSearch(q: string): UserWhere {
  const terms = tokenize(q);
  const conditions = terms.map(termToWhere).filter((w): w is UserWhere => w !== null);
  return conditions.length ? { AND: conditions } : {};
}

function unsupported(reason: string): never {
  throw validationError("query", reason, "q");
}

function tokenize(q: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  const text = q.trim();
  while (i < text.length) {
    while (text[i] === " " || text[i] === "\t") i++;
    if (i >= text.length) break;
    if ("()[]{}".includes(text[i]!)) unsupported("Grouping and ranges are not supported");
    let field: string | undefined;
    const fieldMatch = /^([a-z_][a-z0-9_.]*):/i.exec(text.slice(i));
    if (fieldMatch) {
      field = fieldMatch[1]!.toLowerCase();
      i += fieldMatch[0].length;
    }
    let value = "";
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      if (text[i] !== '"') unsupported("Unterminated quoted value");
      i++;
    } else {
      while (i < text.length && text[i] !== " " && text[i] !== "\t") {
        if ("()[]{}".includes(text[i]!)) unsupported("Grouping and ranges are not supported");
        value += text[i];
        i++;
      }
    }
    if (!field && (value === "AND" || value === "&&")) continue;
    if (!field && ["OR", "NOT", "||", "!"].includes(value)) unsupported(`${value} is not supported; terms are joined with AND`);
    if (field && value === "") unsupported(`Missing value for ${field}`);
    terms.push({ field, value });
  }
  return terms;
}

function termToWhere(term: Term): UserWhere | null {
  const prefix = term.value.endsWith("*") && !term.value.endsWith("\\*");
  const value = prefix ? term.value.slice(0, -1) : term.value;
  if (!term.field) {
    if (value === "") return null; // `*` alone: every user
    const contains = containsText(value);
    return { OR: [{ email: contains }, { username: contains }, { name: contains }] };
  }
  if (term.field === "user_id") {
    if (prefix) unsupported("user_id does not take wildcards");
    return { id: parseUserId(value) ?? "-" };
  }
  if (term.field in BOOLEAN_FIELDS) {
    if (value !== "true" && value !== "false") unsupported(`${term.field} is true or false`);
    return { [BOOLEAN_FIELDS[term.field as keyof typeof BOOLEAN_FIELDS]]: value === "true" };
  }
  if (term.field in TEXT_FIELDS) {
    const column = TEXT_FIELDS[term.field as keyof typeof TEXT_FIELDS];
    // Emails and usernames are stored normalised (lower case); the other fields compare without case.
    const normalized = column === "email" ? normalizeEmail(value) : column === "username" ? normalizeUsername(value) : value;
    if (prefix) return { [column]: startsWithText(normalized) };
    return column === "email" || column === "username" ? { [column]: normalized } : { [column]: { equals: normalized, mode: "insensitive" } };
  }
  return unsupported(`Unsupported field ${term.field}`);
}

const SORT_COLUMNS = { created_at: "createdAt", updated_at: "updatedAt", email: "email", name: "name", last_login: "lastLogin", logins_count: "loginsCount", username: "username" } as const;

/** Auth0's `sort=field:1|-1` for users; newest first when absent. */
export function parseUserSort(sort: string | undefined): Prisma.UserOrderByWithRelationInput[] {
  if (!sort) return [{ createdAt: "desc" }, { id: "asc" }];
  const match = /^([a-z_]+):(1|-1)$/.exec(sort);
  const column = match ? SORT_COLUMNS[match[1] as keyof typeof SORT_COLUMNS] : undefined;
  if (!match || !column) throw validationError("query", `Unsupported sort ${sort.slice(0, 50)}; use one of ${Object.keys(SORT_COLUMNS).join(", ")} with :1 or :-1`, "sort");
  return [{ [column]: match[2] === "1" ? "asc" : "desc" }, { id: "asc" }];
}
