/**
 * A table of the console: scrollable and keyboard-focusable on narrow screens (axe:
 * scrollable-region-focusable), named for screen readers, one header row.
 */
export function DataTable({ label, caption, columns, children }: { label: string; caption?: string; columns: readonly string[]; children: React.ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table className="table">
        <caption className="visually-hidden">{caption ?? label}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
