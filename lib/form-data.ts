// Reading text fields of a submitted form. FormData values may be files: a file where text is expected
// reads as "" (never "[object File]"), as does a missing field. Safe in client and server code.
type FormLike = Pick<FormData, "get">;

/** The text value of a form field, "" when the field is missing or holds a file. */
export function formText(form: FormLike, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
