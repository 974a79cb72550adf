import { errorReport, oneLine } from "@/lib/errors";

/** One human line for a refused form submission (field paths included), for the organizer pages. */
export function describeError(err: unknown): string {
  const report = errorReport(err);
  // Only refusals are meant for the user; the rest (Prisma, Node system errors) hold queries and paths.
  if (report.fault === "user") return oneLine(report);
  console.error(err);
  return "Something went wrong on our side; the error was logged. Try again.";
}
