import Link from "next/link";

/** Navigation of one challenge's organizer console. */
export function ManageNav({
  slug,
  title,
  status,
  phases,
  active,
}: {
  slug: string;
  title: string;
  status: string;
  phases: { slug: string; name: string }[];
  active: string;
}) {
  const base = `/c/${encodeURIComponent(slug)}/manage`;
  const links = [
    { key: "dashboard", href: base, label: "Dashboard" },
    { key: "edit", href: `${base}/edit`, label: "Challenge" },
    ...phases.map((p) => ({ key: `phase:${p.slug}`, href: `${base}/phases/${encodeURIComponent(p.slug)}`, label: `Phase: ${p.name}` })),
    { key: "new-phase", href: `${base}/phases/new`, label: "+ Phase" },
  ];
  return (
    <header className="mo-manage-header">
      <p className="mo-manage-crumbs">
        <Link href="/manage">Organizer console</Link> / <Link href={`/c/${encodeURIComponent(slug)}`}>public page</Link>
      </p>
      <h1>
        {title} <span className={`mo-status mo-status-${status.toLowerCase()}`}>{status}</span>
      </h1>
      <nav className="mo-manage-tabs" aria-label="Organizer console">
        {links.map((l) => (
          <Link key={l.key} href={l.href} aria-current={l.key === active ? "page" : undefined}>
            {l.label}
          </Link>
        ))}
      </nav>
    </header>
  );
}
