import type { ReactNode } from "react";
import { ScrollTable } from "@/app/_components/table/scroll-table";

type Column = string | { label: string; numeric: true };

/** A dashboard section: its heading, then a table with a row per item (or `empty` when there is none). */
export function DashboardTable<T>({
  title,
  columns,
  items,
  empty,
  row,
  sticky = 1,
}: {
  title: string;
  columns: Column[];
  items: T[];
  empty?: string;
  row: (item: T) => ReactNode;
  /** Columns kept in view while the rest scrolls (the first names the row). */
  sticky?: 0 | 1 | 2;
}) {
  return (
    <section className="mo-section">
      <h2>{title}</h2>
      {items.length === 0 && empty !== undefined ? (
        <p>{empty}</p>
      ) : (
        <ScrollTable label={title} sticky={sticky}>
          <table className="mo-table">
            <thead>
              <tr>
                {columns.map((c) =>
                  typeof c === "string" ? (
                    <th key={c}>{c}</th>
                  ) : (
                    <th key={c.label} className="mo-num">
                      {c.label}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody>{items.map((item) => row(item))}</tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}
