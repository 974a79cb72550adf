import {
  CLASS_AVERAGING_EXPLAINED,
  IOU_PRESETS,
  LVIS_SUMMARY_METRICS,
  METRIC_FAMILIES,
  METRIC_FAMILY_LABELS,
  SUMMARY_METRICS,
  iouPresetOf,
  isCocoAreaRanges,
  type Protocol,
} from "@/lib/challenges/protocol";
import { DEFAULT_MIOU_SCORE_THRESHOLD } from "@/lib/eval/miou";
import { saveProtocolAction } from "../actions";
import { HiddenContext } from "./hidden-context";
import { FieldError, OrganizerForm, SubmitButton } from "./organizer-form";

const fmt = (t: number) => String(Number(t.toPrecision(12)));

/** The evaluation protocol with its presets; saving a change creates a new config version. */
export function ProtocolForm({
  slug,
  phase,
  back,
  protocol,
  categories,
}: {
  slug: string;
  phase: string;
  back: string;
  protocol: Protocol;
  categories: { cocoId: number; name: string }[];
}) {
  const preset = iouPresetOf(protocol.iouThresholds) ?? "custom";
  const cocoAreas = isCocoAreaRanges(protocol.areaRanges);
  return (
    <OrganizerForm action={saveProtocolAction} aria-label="Evaluation protocol">
      <HiddenContext slug={slug} back={back} phase={phase} />
      <label>
        Metric family
        <select name="metric" defaultValue={protocol.metric}>
          {METRIC_FAMILIES.map((m) => (
            <option key={m} value={m}>
              {METRIC_FAMILY_LABELS[m]}
            </option>
          ))}
        </select>
        <FieldError name="metric" />
        <span className="mo-hint">
          LVIS families need an LVIS-format ground truth (frequency on every category, neg_category_ids and not_exhaustive_category_ids on
          every image) and fix the thresholds, maxDets, area ranges and averaging below (those fields are then ignored).
        </span>
      </label>
      <label>
        IoU type
        <select name="iouType" defaultValue={protocol.iouType}>
          <option value="segm">segm — mask IoU (instance segmentation)</option>
          <option value="bbox">bbox — box IoU (detection)</option>
          <option value="boundary">boundary — Boundary IoU (rewards mask edges; Boundary AP)</option>
        </select>
        <FieldError name="iouType" />
      </label>
      <label>
        Dilation ratio <span className="mo-hint">boundary IoU only: boundary width = ratio × image diagonal (default 0.02)</span>
        <input type="text" inputMode="decimal" name="dilationRatio" defaultValue={fmt(protocol.dilationRatio)} />
        <FieldError name="dilationRatio" />
      </label>
      <fieldset>
        <legend>IoU thresholds</legend>
        {(Object.keys(IOU_PRESETS) as (keyof typeof IOU_PRESETS)[]).map((key) => (
          <label key={key} className="mo-inline">
            <input type="radio" name="iouPreset" value={key} defaultChecked={preset === key} /> {IOU_PRESETS[key].label}
          </label>
        ))}
        <label className="mo-inline">
          <input type="radio" name="iouPreset" value="custom" defaultChecked={preset === "custom"} /> Custom:
          <input
            type="text"
            name="iouCustom"
            placeholder="0.5, 0.7, 0.9"
            defaultValue={preset === "custom" ? protocol.iouThresholds.map(fmt).join(", ") : ""}
            aria-label="Custom IoU thresholds"
          />
        </label>
        <FieldError name="iouCustom" />
        <p className="mo-hint">A match needs IoU ≥ the threshold; AP is averaged over the thresholds. Values in (0, 1].</p>
      </fieldset>
      <fieldset>
        <legend>Area ranges</legend>
        <label className="mo-inline">
          <input type="radio" name="areaPreset" value="coco" defaultChecked={cocoAreas} /> COCO: all, small &lt; 32², medium 32²–96², large
          &gt; 96² (pixels)
        </label>
        <label className="mo-inline">
          <input type="radio" name="areaPreset" value="custom" defaultChecked={!cocoAreas} /> Custom (one per line, &quot;name: min,
          max&quot;; the first must be &quot;all&quot;)
        </label>
        <textarea
          name="areaCustom"
          rows={4}
          aria-label="Custom area ranges"
          defaultValue={protocol.areaRanges.map((a) => `${a.name}: ${a.range[0]}, ${a.range[1]}`).join("\n")}
        />
        <FieldError name="areaCustom" />
      </fieldset>
      <label>
        maxDets <span className="mo-hint">detections per image considered, ascending (default 1, 10, 100)</span>
        <input type="text" name="maxDets" defaultValue={protocol.maxDets.join(", ")} />
        <FieldError name="maxDets" />
      </label>
      <fieldset>
        <legend>Class averaging</legend>
        <label className="mo-inline">
          <input type="radio" name="classAveraging" value="macro" defaultChecked={protocol.classAveraging === "macro"} />{" "}
          {CLASS_AVERAGING_EXPLAINED.macro}
        </label>
        <label className="mo-inline">
          <input type="radio" name="classAveraging" value="micro" defaultChecked={protocol.classAveraging === "micro"} />{" "}
          {CLASS_AVERAGING_EXPLAINED.micro}
        </label>
      </fieldset>
      <fieldset>
        <legend>Secondary column</legend>
        <label className="mo-inline">
          <input type="checkbox" name="miou" defaultChecked={protocol.miou !== null} /> mIoU from instances (per class, pixels of the
          detections scoring at least the threshold against the ground truth&apos;s)
        </label>
        <label className="mo-inline">
          Score threshold
          <input
            type="text"
            inputMode="decimal"
            name="miouScoreThreshold"
            defaultValue={fmt(protocol.miou?.scoreThreshold ?? DEFAULT_MIOU_SCORE_THRESHOLD)}
          />
        </label>
        <FieldError name="miou.scoreThreshold" />
      </fieldset>
      <label>
        Primary metric (ranks the leaderboard)
        <select name="primaryMetric" defaultValue={protocol.primaryMetric}>
          {[...new Set([...SUMMARY_METRICS, ...LVIS_SUMMARY_METRICS])].map((m) => (
            <option key={m} value={m}>
              {m}
              {(SUMMARY_METRICS as readonly string[]).includes(m) ? "" : " (LVIS)"}
            </option>
          ))}
          {categories.map((c) => (
            <option key={c.cocoId} value={`class:${c.cocoId}`}>
              AP of class {c.name} ({c.cocoId})
            </option>
          ))}
        </select>
        <FieldError name="primaryMetric" />
      </label>
      <fieldset>
        <legend>Statistics</legend>
        <p className="mo-hint">
          Bootstrap intervals over the test images (docs/statistics.md): every score gets a percentile interval computed from the
          replicates, with the same draws for every entry so that entries can be compared pairwise.
        </p>
        <label>
          Replicates B <span className="mo-hint">100 to 10,000 (default 1,000)</span>
          <input type="number" name="replicates" min={100} max={10000} step={1} defaultValue={protocol.statistics.replicates} />
          <FieldError name="replicates" />
        </label>
        <label>
          Interval level <span className="mo-hint">e.g. 0.95</span>
          <input type="number" name="ciLevel" min={0.51} max={0.999} step="any" defaultValue={protocol.statistics.level} />
          <FieldError name="ciLevel" />
        </label>
        <label>
          Seed of the draws <span className="mo-hint">empty: fixed per phase and config version</span>
          <input type="number" name="bootstrapSeed" min={0} step={1} defaultValue={protocol.statistics.seed ?? ""} />
          <FieldError name="bootstrapSeed" />
        </label>
        <label className="mo-inline">
          <input type="radio" name="ranking" value="point" defaultChecked={protocol.statistics.ranking === "point"} /> Rank by the point
          estimate
        </label>
        <label className="mo-inline">
          <input type="radio" name="ranking" value="groups" defaultChecked={protocol.statistics.ranking === "groups"} /> Rank in tied
          groups: an entry is tied with its group&apos;s leader when their paired interval contains 0
        </label>
        <label className="mo-inline">
          <input type="checkbox" name="ladder" defaultChecked={protocol.statistics.ladder === "on"} /> Ladder the public leaderboard: a
          team&apos;s new best shows only when it beats its shown best by more than the one-sided paired margin (never the private split)
        </label>
      </fieldset>
      <SubmitButton>Save protocol (new config version)</SubmitButton>
    </OrganizerForm>
  );
}
