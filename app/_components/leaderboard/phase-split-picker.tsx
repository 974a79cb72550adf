import Link from "next/link";

/** Links choosing the phase and the split; the private split is shown disabled until the viewer may see it. */
export function PhaseSplitPicker(props: {
  basePath: string;
  phases: { slug: string; name: string }[];
  phase: string;
  split: "public" | "private";
  hasPrivateSplit: boolean;
  canSeePrivate: boolean;
  extraQuery?: Record<string, string>;
}) {
  const href = (phase: string, split: string) => {
    const q = new URLSearchParams({ phase, split, ...(props.extraQuery ?? {}) });
    return `${props.basePath}?${q.toString()}`;
  };
  return (
    <>
      {props.phases.length > 1 ? (
        <div className="mb-pills">
          <span className="mb-pills-label">Phase</span>
          {props.phases.map((p) => (
            <Link key={p.slug} href={href(p.slug, "public")} aria-current={p.slug === props.phase ? "true" : undefined}>
              {p.name}
            </Link>
          ))}
        </div>
      ) : null}
      {props.hasPrivateSplit ? (
        <div className="mb-pills">
          <span className="mb-pills-label">Split</span>
          <Link href={href(props.phase, "public")} aria-current={props.split === "public" ? "true" : undefined}>
            Public
          </Link>
          {props.canSeePrivate ? (
            <Link href={href(props.phase, "private")} aria-current={props.split === "private" ? "true" : undefined}>
              Private
            </Link>
          ) : (
            <span className="mb-pill-disabled" title="The organizers have not released the private split yet">
              Private (not released)
            </span>
          )}
        </div>
      ) : null}
    </>
  );
}
