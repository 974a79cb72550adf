import "@/app/leaderboard.css";
import Link from "next/link";
import { listPublicChallenges } from "@/lib/challenges-public/list-challenges";
import { formatDay } from "@/app/_components/leaderboard/query";

// Counts change with every submission: render per request.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const challenges = await listPublicChallenges();
  return (
    <div className="mb-page">
      <h1>Challenges</h1>
      <p className="mb-muted">
        Instance segmentation challenges scored with COCO mask AP — with leaderboards that show how every team does on every class.
      </p>
      {challenges.length === 0 ? <p className="mb-note">No challenges are published yet.</p> : null}
      <ul className="mb-cards" data-testid="challenge-list">
        {challenges.map((c) => (
          <li key={c.slug} className="mb-card">
            <h2>
              <Link href={`/c/${encodeURIComponent(c.slug)}`}>{c.title}</Link>
              {c.status === "ARCHIVED" ? <span className="mb-badge">archived</span> : null}
            </h2>
            {c.summary ? <p>{c.summary}</p> : null}
            <dl>
              <dt>Dates</dt>
              <dd>
                {formatDay(c.startsAt)} – {formatDay(c.endsAt)}
              </dd>
              <dt>Teams</dt>
              <dd>{c.teams}</dd>
              <dt>Submissions</dt>
              <dd>{c.submissions}</dd>
            </dl>
            <p style={{ marginTop: "0.6rem", marginBottom: 0 }}>
              <Link href={`/c/${encodeURIComponent(c.slug)}/leaderboard`}>Leaderboard →</Link>
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
