import Link from "next/link";

export function Pager(props: { basePath: string; query: Record<string, string>; page: number; pageSize: number; total: number }) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1) return null;
  const href = (page: number) => `${props.basePath}?${new URLSearchParams({ ...props.query, page: String(page) }).toString()}`;
  const from = (props.page - 1) * props.pageSize + 1;
  const to = Math.min(props.total, props.page * props.pageSize);
  return (
    <nav className="mb-pager" aria-label="Pages">
      {props.page > 1 ? <Link href={href(props.page - 1)}>← Previous</Link> : <span className="mb-muted">← Previous</span>}
      <span>
        {from}–{to} of {props.total}
      </span>
      {props.page < pages ? <Link href={href(props.page + 1)}>Next →</Link> : <span className="mb-muted">Next →</span>}
    </nav>
  );
}
