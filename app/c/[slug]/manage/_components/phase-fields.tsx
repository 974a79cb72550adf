import { toLocalInput } from "@/lib/challenges/form-input";
import { FieldError } from "./organizer-form";

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
  allowLateSubmissions: boolean;
};

/** A phase's settings, shared by the create and edit forms. Dates are UTC. */
export function PhaseFields({ value, now }: { value?: PhaseValue; now: Date }) {
  return (
    <>
      <div className="mo-grid-2">
        <label>
          Name
          <input type="text" name="name" required defaultValue={value?.name} />
          <FieldError name="name" />
        </label>
        <label>
          Slug
          <input type="text" name="slug" required pattern="[a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?" defaultValue={value?.slug} />
          <FieldError name="slug" />
        </label>
        <label>
          Starts (UTC)
          <input type="datetime-local" name="startsAt" required defaultValue={toLocalInput(value?.startsAt ?? now)} />
          <FieldError name="startsAt" />
        </label>
        <label>
          Ends (UTC)
          <input
            type="datetime-local"
            name="endsAt"
            required
            defaultValue={toLocalInput(value?.endsAt ?? new Date(now.getTime() + 90 * 86_400_000))}
          />
          <FieldError name="endsAt" />
        </label>
        <label>
          Submissions per day
          <input type="number" name="maxSubmissionsPerDay" min={0} defaultValue={value?.maxSubmissionsPerDay ?? 5} />
          <FieldError name="maxSubmissionsPerDay" />
        </label>
        <label>
          Submissions in total
          <input type="number" name="maxSubmissionsTotal" min={0} defaultValue={value?.maxSubmissionsTotal ?? 100} />
          <FieldError name="maxSubmissionsTotal" />
        </label>
        <label>
          Concurrent evaluations per team
          <input type="number" name="maxConcurrent" min={1} defaultValue={value?.maxConcurrent ?? 2} />
          <FieldError name="maxConcurrent" />
        </label>
        <label>
          Final selections per team
          <input type="number" name="maxFinalSelections" min={0} defaultValue={value?.maxFinalSelections ?? 1} />
          <FieldError name="maxFinalSelections" />
        </label>
        <label>
          Upload size cap (MiB)
          <input
            type="number"
            name="maxUploadMiB"
            min={1}
            defaultValue={Number((value?.maxUploadBytes ?? BigInt(2 * 1024 ** 3)) / BigInt(1024 * 1024))}
          />
          <FieldError name="maxUploadMiB" />
        </label>
        <label>
          Leaderboard visible to
          <select name="leaderboardVisibility" defaultValue={value?.leaderboardVisibility ?? "PUBLIC"}>
            <option value="PUBLIC">everyone</option>
            <option value="PARTICIPANTS">participants</option>
            <option value="HIDDEN">organizers only</option>
          </select>
          <FieldError name="leaderboardVisibility" />
        </label>
      </div>
      <label className="mo-inline">
        <input type="checkbox" name="autoReleasePrivate" defaultChecked={value?.autoReleasePrivate ?? false} /> Release the private split
        automatically when the phase ends
      </label>
      <label className="mo-inline">
        <input type="checkbox" name="allowLateSubmissions" defaultChecked={value?.allowLateSubmissions ?? false} /> Accept late submissions
        after the end: they are scored and shown to their team, never ranked
      </label>
    </>
  );
}
