/** "3 submissions ahead · starts in about 4 min": a waiting submission's place (GET /api/v1/submissions/{id} `queue`). */
export type QueuePlaceView = { ahead: number; estimatedStartAt: string | null; startsInSeconds: number | null; slots: number };

function inAbout(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return "within a minute";
  const min = Math.round(s / 60);
  if (min < 90) return `in about ${min} min`;
  return `in about ${(min / 60).toFixed(1)} h`;
}

export function QueuePlace({ place }: { place: QueuePlaceView }) {
  const ahead = place.ahead === 0 ? "Next in line" : `${place.ahead} submission${place.ahead === 1 ? "" : "s"} ahead`;
  const start =
    place.startsInSeconds === null
      ? "no evaluation worker is running right now; it starts when one is back"
      : `starts ${inAbout(place.startsInSeconds)}`;
  return (
    <p data-testid="queue-place" title={place.estimatedStartAt ?? undefined}>
      {ahead} · {start}
    </p>
  );
}
