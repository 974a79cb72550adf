import { FieldError } from "./organizer-form";

/** The challenge's editable fields, shared by the create and edit forms. */
export function ChallengeFields({
  value,
}: {
  value?: { slug: string; title: string; summary: string; description: string; rules: string; publicSubmissionPages: boolean };
}) {
  return (
    <>
      <label>
        Title
        <input type="text" name="title" required maxLength={200} defaultValue={value?.title} />
        <FieldError name="title" />
      </label>
      <label>
        Slug <span className="mo-hint">lower-case letters, digits and hyphens; the address /c/slug</span>
        <input type="text" name="slug" required pattern="[a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?" defaultValue={value?.slug} />
        <FieldError name="slug" />
      </label>
      <label>
        Summary <span className="mo-hint">one line on the challenge list</span>
        <input type="text" name="summary" maxLength={500} defaultValue={value?.summary} />
        <FieldError name="summary" />
      </label>
      <label>
        Description <span className="mo-hint">Markdown</span>
        <textarea name="description" rows={8} defaultValue={value?.description} />
        <FieldError name="description" />
      </label>
      <label>
        Rules <span className="mo-hint">Markdown</span>
        <textarea name="rules" rows={5} defaultValue={value?.rules} />
        <FieldError name="rules" />
      </label>
      <label className="mo-inline">
        <input type="checkbox" name="publicSubmissionPages" defaultChecked={value?.publicSubmissionPages ?? true} /> Ranked entries&apos;
        submission pages are public
      </label>
    </>
  );
}
