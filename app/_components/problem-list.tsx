import { splitProblems } from "@/lib/submissions/problem-text";

/** A failure message with its problems as a list (as the validator reports them), never as one long line. */
export function ProblemList({ message, code }: { message: string; code?: string | null }) {
  const { headline, items, more } = splitProblems(message);
  return (
    <div className="mb-problems" data-testid="problems">
      <p>
        {code ? <code>{code}</code> : null} {headline}
      </p>
      {items.length > 0 ? (
        <ul>
          {items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      ) : null}
      {more ? <p className="mb-muted mb-small">… {more}</p> : null}
    </div>
  );
}
