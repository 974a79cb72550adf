import { ZodError } from "zod";
import { formatIssues } from "./schemas";

/** One human line for a refused form submission (field paths included), for the organizer pages. */
export function describeError(err: unknown): string {
  if (err instanceof ZodError)
    return formatIssues(err)
      .map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))
      .join("; ");
  // Only refusals meant for the user: they carry an HTTP status or a problem list. Prisma and Node
  // system errors also have a string `code`, but their messages hold queries and server paths.
  const status = (err as { status?: unknown } | null)?.status;
  const isRefusal =
    (typeof status === "number" && status >= 400 && status < 500) || Array.isArray((err as { problems?: unknown } | null)?.problems);
  if (err instanceof Error && typeof (err as { code?: unknown }).code === "string" && isRefusal) {
    const problems = (err as { problems?: { path: string; message: string }[] }).problems;
    if (Array.isArray(problems) && problems.length > 1)
      return `${err.message.split("\n")[0]} ${problems.map((p) => `${p.path ? `${p.path}: ` : ""}${p.message}`).join("; ")}`;
    return err.message;
  }
  console.error(err);
  return "Something went wrong on our side; the error was logged. Try again.";
}
