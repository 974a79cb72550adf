"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useHydrated } from "@/app/_components/use-hydrated";

type Problem = { path: string; message: string };
/** What the ground-truth endpoint answers (success or the error body). */
type UploadResponse = {
  groundTruth?: { numImages?: number; numInstances?: number };
  replaced?: boolean;
  reevaluating?: number;
  error?: { message?: string; problems?: Problem[]; total?: number; code?: string };
};
type Outcome = { kind: "ok"; text: string } | { kind: "error"; text: string; problems: Problem[]; more: number; needsConfirm?: boolean };

/**
 * Uploads the ground truth straight to the API (PUT, raw body: the file is streamed, never held by a
 * server action), then shows the validation problems or refreshes the page's summary.
 */
export function GroundTruthUpload({
  slug,
  phase,
  hasGroundTruth,
  submissions,
}: {
  slug: string;
  phase: string;
  hasGroundTruth: boolean;
  submissions: number;
}) {
  const router = useRouter();
  // The button stays disabled until hydrated: before that a click would submit the form natively.
  const ready = useHydrated();
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function upload(event: React.FormEvent) {
    event.preventDefault();
    const file = (event.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>("input[type=file]")?.files?.[0];
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    try {
      const url = `/api/v1/challenges/${encodeURIComponent(slug)}/phases/${encodeURIComponent(phase)}/ground-truth${confirm ? "?confirm=true" : ""}`;
      const res = await fetch(url, { method: "PUT", body: file, headers: { "content-type": "application/octet-stream" } });
      const body = (await res.json().catch(() => ({}))) as UploadResponse;
      if (res.ok) {
        const gt = body.groundTruth;
        setOutcome({
          kind: "ok",
          text: `Ground truth ${body.replaced ? "replaced" : "uploaded"}: ${gt?.numImages} images, ${gt?.numInstances} instances${body.reevaluating ? `; ${body.reevaluating} submission(s) re-evaluating` : ""}.`,
        });
        router.refresh();
      } else {
        const err = body.error ?? {};
        const text: string = err.message ?? `Upload failed (HTTP ${res.status}).`;
        const headline = text.split("\n")[0];
        setOutcome({
          kind: "error",
          text,
          // A single problem is usually the headline itself: say it once.
          problems: (err.problems ?? []).filter((p) => !headline.includes(p.message)),
          more: Math.max(0, (err.total ?? 0) - (err.problems ?? []).length),
          needsConfirm: err.code === "confirm_required",
        });
      }
    } catch (e) {
      setOutcome({ kind: "error", text: `Upload failed: ${(e as Error).message}`, problems: [], more: 0 });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={upload} className="mo-form" aria-label="Upload ground truth">
      <label>
        COCO instances file (.json, .json.gz or .zip)
        <input type="file" name="file" accept=".json,.gz,.zip,application/json" required />
      </label>
      {hasGroundTruth && submissions > 0 ? (
        <label className="mo-inline mo-warning">
          <input type="checkbox" name="confirm" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /> Replace the current
          ground truth and re-evaluate the {submissions} submission(s) scored on it
        </label>
      ) : null}
      <button type="submit" disabled={busy || !ready}>
        {busy ? "Uploading and validating…" : hasGroundTruth ? "Replace ground truth" : "Upload ground truth"}
      </button>
      {outcome?.kind === "ok" ? (
        <p className="mo-notice mo-notice-ok" role="status">
          {outcome.text}
        </p>
      ) : null}
      {outcome?.kind === "error" ? (
        <div className="mo-notice mo-notice-error" role="alert">
          <p>
            {outcome.needsConfirm
              ? "This phase has scored submissions: tick the box above to replace the ground truth and re-evaluate them."
              : outcome.text.split("\n")[0]}
          </p>
          {outcome.problems.length > 0 || outcome.more > 0 ? (
            <ul className="mo-problems">
              {outcome.problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
              {outcome.more > 0 ? <li>… and {outcome.more} more</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
