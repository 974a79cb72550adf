import "server-only";
import { unstable_rethrow } from "next/navigation";

/** What a form's server action reports back to the form (rendered by <ActionForm>). */
export type ActionState = { error?: string; success?: string; secret?: string; secretLabel?: string } | null;

/**
 * Runs a server action's work, turning refusals from lib/ (AuthError, InputError, zod: anything with a 4xx
 * `status`) into a message on the form. Redirects pass through; other errors are real failures.
 */
export async function runAction(work: () => Promise<ActionState | void>): Promise<ActionState> {
  try {
    return (await work()) ?? null;
  } catch (err) {
    unstable_rethrow(err); // redirect() and notFound() are thrown: let Next handle them
    const status = (err as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) return { error: (err as Error).message };
    if (err instanceof Error && err.name === "ZodError") return { error: "The form is incomplete: " + err.message };
    throw err;
  }
}
