import Link from "next/link";

/** Previous / next links for a list page; the other query parameters are kept. */
export function Pagination({ path, params, page, pageSize, total, label }: { path: string; params: Record<string, string | undefined>; page: number; pageSize: number; total: number; label: string }) {
  const last = Math.max(1, Math.ceil(total / pageSize));
  if (last <= 1) return null;
  const href = (p: number) => {
    const query = new URLSearchParams(Object.entries({ ...params, page: String(p) }).filter((e): e is [string, string] => Boolean(e[1])));
    return `${path}?${query}`;
  };
  return (
    <nav aria-label={`${label} pages`} className="inline-form">
      {page > 1 ? <Link href={href(page - 1)}>Previous page</Link> : null}
      <span className="muted">
        Page {page} of {last}
      </span>
      {page < last ? <Link href={href(page + 1)}>Next page</Link> : null}
    </nav>
  );
}
