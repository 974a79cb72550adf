import { toLocalInput } from "@/lib/challenges/form-input";

type PhaseValue = {
  slug: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  maxSubmissionsPerDay: number;
  maxSubmissionsTotal: number;
  maxConcurrent: number;
  maxFinalSelections: number;
  maxUploadBytes: bigint;
  leaderboardVisibility: string;
  autoReleasePrivate: boolean;
};

/** A phase's settings, shared by the create and edit forms. Dates are UTC. */
export function PhaseFields({ value }: { value?: PhaseValue }) {
  const now = new Date();
  return (
    <>
      <div className="mo-grid-2">
        <label>
          Name
          <input type="text" name="name" required defaultValue={value?.name} />
        </label>
        <label>
          Slug
          <input type="text" name="slug" required pattern="[a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?" defaultValue={value?.slug} />
        </label>
        <label>
          Starts (UTC)
          <input type="datetime-local" name="startsAt" required defaultValue={toLocalInput(value?.startsAt ?? now)} />
        </label>
        <label>
          Ends (UTC)
          <input
            type="datetime-local"
            name="endsAt"
            required
            defaultValue={toLocalInput(value?.endsAt ?? new Date(now.getTime() + 90 * 86_400_000))}
          />
        </label>
        <label>
          Submissions per day
          <input type="number" name="maxSubmissionsPerDay" min={0} defaultValue={value?.maxSubmissionsPerDay ?? 5} />
        </label>
        <label>
          Submissions in total
          <input type="number" name="maxSubmissionsTotal" min={0} defaultValue={value?.maxSubmissionsTotal ?? 100} />
        </label>
        <label>
          Concurrent evaluations per team
          <input type="number" name="maxConcurrent" min={1} defaultValue={value?.maxConcurrent ?? 2} />
        </label>
        <label>
          Final selections per team
          <input type="number" name="maxFinalSelections" min={0} defaultValue={value?.maxFinalSelections ?? 1} />
        </label>
        <label>
          Upload size cap (MiB)
          <input
            type="number"
            name="maxUploadMiB"
            min={1}
            defaultValue={Number((value?.maxUploadBytes ?? BigInt(2 * 1024 ** 3)) / BigInt(1024 * 1024))}
          />
        </label>
        <label>
          Leaderboard visible to
          <select name="leaderboardVisibility" defaultValue={value?.leaderboardVisibility ?? "PUBLIC"}>
            <option value="PUBLIC">everyone</option>
            <option value="PARTICIPANTS">participants</option>
            <option value="HIDDEN">organizers only</option>
          </select>
        </label>
      </div>
      <label className="mo-inline">
        <input type="checkbox" name="autoReleasePrivate" defaultChecked={value?.autoReleasePrivate ?? false} /> Release the private split
        automatically when the phase ends
      </label>
    </>
  );
}
