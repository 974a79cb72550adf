import Link from "next/link";

/** A column header that links to the page sorted by this column (server-side, so it works without JavaScript). */
export function SortHeader(props: {
  label: string;
  title?: string;
  column: string;
  current: { column: string; direction: "asc" | "desc" };
  naturalDirection: "asc" | "desc";
  query: Record<string, string>;
  basePath: string;
  className?: string;
}) {
  const active = props.current.column === props.column;
  const nextDirection = active ? (props.current.direction === "asc" ? "desc" : "asc") : props.naturalDirection;
  const q = new URLSearchParams({ ...props.query, sort: props.column, dir: nextDirection });
  return (
    <th
      scope="col"
      className={props.className}
      title={props.title}
      aria-sort={active ? (props.current.direction === "asc" ? "ascending" : "descending") : undefined}
    >
      <Link href={`${props.basePath}?${q.toString()}`}>{props.label}</Link>
    </th>
  );
}
