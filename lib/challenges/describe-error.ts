import { ZodError } from "zod";
import { formatIssues } from "./schemas";

/** One human line for a refused form submission (field paths included), for the organizer pages. */
export function describeError(err: unknown): string {
  if (err instanceof ZodError) return formatIssues(err).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ");
  if (err instanceof Error && typeof (err as { code?: unknown }).code === "string") {
    const problems = (err as { problems?: { path: string; message: string }[] }).problems;
    if (Array.isArray(problems) && problems.length > 1) return `${err.message.split("\n")[0]} ${problems.map((p) => `${p.path ? `${p.path}: ` : ""}${p.message}`).join("; ")}`;
    return err.message;
  }
  console.error(err);
  return "Something went wrong on our side; the error was logged. Try again.";
}
