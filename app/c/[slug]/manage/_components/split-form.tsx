import { saveSplitAction } from "../actions";
import { HiddenContext } from "./hidden-context";
import { FieldError, OrganizerForm, SubmitButton } from "./organizer-form";

/** How the phase's images are split into public and private. */
export function SplitForm({
  slug,
  phase,
  back,
  mode,
  publicPercent,
  seed,
  publicImageIds,
}: {
  slug: string;
  phase: string;
  back: string;
  mode: string;
  publicPercent: number;
  seed: number;
  publicImageIds: number[];
}) {
  return (
    <OrganizerForm action={saveSplitAction} aria-label="Public/private split">
      <HiddenContext slug={slug} back={back} phase={phase} />
      <fieldset>
        <legend>Split</legend>
        <label className="mo-inline">
          <input type="radio" name="splitMode" value="PERCENT" defaultChecked={mode !== "LIST"} /> Percentage with a seed (deterministic;
          stratified so every class appears in both splits where possible)
        </label>
        <div className="mo-grid-2">
          <label>
            Public images (%) <span className="mo-hint">100 = no private split</span>
            <input type="number" name="publicPercent" min={1} max={100} defaultValue={publicPercent} />
            <FieldError name="publicPercent" />
          </label>
          <label>
            Seed
            <input type="number" name="seed" min={0} defaultValue={seed} />
            <FieldError name="seed" />
          </label>
        </div>
        <label className="mo-inline">
          <input type="radio" name="splitMode" value="LIST" defaultChecked={mode === "LIST"} /> A list of public image ids (all others are
          private)
        </label>
        <textarea
          name="publicImageIds"
          rows={3}
          aria-label="Public image ids"
          placeholder="139, 285, 632"
          defaultValue={mode === "LIST" ? publicImageIds.join(", ") : ""}
        />
        <FieldError name="publicImageIds" />
      </fieldset>
      <p className="mo-hint">Changing the split of a phase with scored submissions creates a new config version and re-evaluates them.</p>
      <SubmitButton>Save split</SubmitButton>
    </OrganizerForm>
  );
}
