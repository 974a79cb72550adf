import "server-only";
import { unstable_rethrow } from "next/navigation";
import { errorReport, oneLine } from "@/lib/errors";

/** What a form's server action reports back to the form (rendered by <ActionForm>). */
export type ActionState = { error?: string; success?: string; secret?: string; secretLabel?: string } | null;

/**
 * Runs a server action's work, turning refusals (lib/errors: the user's fault) into a message on the
 * form. Redirects pass through; other errors are real failures.
 */
export async function runAction(work: () => Promise<ActionState | void>): Promise<ActionState> {
  try {
    return (await work()) ?? null;
  } catch (err) {
    unstable_rethrow(err); // redirect() and notFound() are thrown: let Next handle them
    const report = errorReport(err);
    if (report.fault === "user") return { error: oneLine(report) };
    throw err;
  }
}
