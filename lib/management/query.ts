import { z } from "zod";
import { AppError } from "@/lib/errors";
import { text } from "@/lib/validation";

const booleanParam = z.enum(["true", "false"]).transform((v) => v === "true");
const intParam = (min: number, max: number) => z.string().regex(/^\d{1,7}$/, "Expected an integer").transform(Number).pipe(z.number().int().min(min).max(max));

/** Auth0 lets a search page through its first 1000 results only. */
const MAX_RESULTS = 1000;

/** page (from 0), per_page (1–100, default 50), include_totals — as every Auth0 list endpoint takes them. */
export const pagingParams = {
  page: intParam(0, MAX_RESULTS).default(0),
  per_page: intParam(1, 100).default(50),
  include_totals: booleanParam.default(false),
};

/** fields / include_fields: which properties of each item to return. */
export const fieldParams = {
  fields: text({ max: 1000 }).optional(),
  include_fields: booleanParam.default(true),
};

export function assertWithinResultLimit(page: number, perPage: number): void {
  if ((page + 1) * perPage > MAX_RESULTS) {
    throw new AppError("INVALID_INPUT", `You can only page through the first ${MAX_RESULTS} records.`, { data: { errorCode: "invalid_paging" } });
  }
}

/** Keeps (or drops, with include_fields=false) the listed properties of an item. */
export function selectFields<T extends Record<string, unknown>>(item: T, fields: string | undefined, include: boolean): Partial<T> {
  if (!fields) return item;
  const names = new Set(fields.split(",").map((f) => f.trim()).filter(Boolean));
  return Object.fromEntries(Object.entries(item).filter(([key]) => names.has(key) === include)) as Partial<T>;
}

/** A list the way Auth0 answers it: the bare array, or with include_totals the paging envelope. */
export function pagedList<T>(key: string, items: T[], paging: { page: number; per_page: number; include_totals: boolean }, total: number) {
  if (!paging.include_totals) return items;
  return { start: paging.page * paging.per_page, limit: paging.per_page, length: items.length, total, [key]: items };
}
