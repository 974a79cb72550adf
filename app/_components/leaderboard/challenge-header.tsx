import Link from "next/link";

/** "submission" (one submission's page) highlights no tab. */
export type ChallengeTab = "overview" | "leaderboard" | "classes" | "my-submissions" | "submit" | "submission";

/** Title and the challenge's navigation; every public challenge page starts with it. */
export function ChallengeHeader(props: {
  slug: string;
  title: string;
  summary?: string;
  active: ChallengeTab;
  showMySubmissions: boolean;
  phaseQuery?: string;
}) {
  const q = props.phaseQuery ? `?phase=${encodeURIComponent(props.phaseQuery)}` : "";
  const base = `/c/${encodeURIComponent(props.slug)}`;
  const tabs: { key: ChallengeTab; href: string; label: string }[] = [
    { key: "overview", href: base, label: "Overview" },
    { key: "leaderboard", href: `${base}/leaderboard${q}`, label: "Leaderboard" },
    { key: "classes", href: `${base}/leaderboard/classes${q}`, label: "Per class" },
  ];
  if (props.showMySubmissions) {
    tabs.push({ key: "my-submissions", href: `${base}/my-submissions${q}`, label: "My submissions" });
    tabs.push({ key: "submit", href: `${base}/submit${q}`, label: "Submit" });
  }
  return (
    <header className="mb-challenge-header">
      <h1>{props.title}</h1>
      {props.summary ? <p className="mb-summary">{props.summary}</p> : null}
      <nav className="mb-tabs" aria-label="Challenge">
        {tabs.map((t) => (
          <Link key={t.key} href={t.href} aria-current={t.key === props.active ? "page" : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
    </header>
  );
}
