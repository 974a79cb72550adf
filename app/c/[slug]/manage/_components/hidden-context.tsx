/** Every organizer form names its challenge and where to come back to; the action re-authorizes. */
export function HiddenContext({ slug, back, phase }: { slug: string; back: string; phase?: string }) {
  return (
    <>
      <input type="hidden" name="challenge" value={slug} />
      <input type="hidden" name="back" value={back} />
      {phase !== undefined ? <input type="hidden" name="phase" value={phase} /> : null}
    </>
  );
}
