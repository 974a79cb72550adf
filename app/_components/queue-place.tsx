/** "3 submissions ahead · starts in about 4 min": a waiting submission's place (GET /api/v1/submissions/{id} `queue`). */
export type QueuePlaceView = { ahead: number; estimatedStartAt: string | null; slots: number };

function inAbout(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return "within a minute";
  const min = Math.round(s / 60);
  if (min < 90) return `in about ${min} min`;
  return `in about ${(min / 60).toFixed(1)} h`;
}

export function QueuePlace({ place, now = Date.now() }: { place: QueuePlaceView; now?: number }) {
  const ahead = place.ahead === 0 ? "Next in line" : `${place.ahead} submission${place.ahead === 1 ? "" : "s"} ahead`;
  const start =
    place.estimatedStartAt === null
      ? "no evaluation worker is running right now; it starts when one is back"
      : `starts ${inAbout(Date.parse(place.estimatedStartAt) - now)}`;
  return (
    <p data-testid="queue-place" title={place.estimatedStartAt ?? undefined}>
      {ahead} · {start}
    </p>
  );
}
