"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getViewer } from "@/lib/auth/session";
import { errorReport, oneLine } from "@/lib/errors";
import { setFinalSelections } from "@/lib/leaderboard/team-submissions";

const formSchema = z.object({
  slug: z.string().min(1),
  phase: z.string().min(1),
  selected: z.array(z.string().min(1)),
});

/** Saves the team's final entries and comes back to the list with the outcome in the query. */
export async function saveFinalSelections(formData: FormData): Promise<void> {
  const parsed = formSchema.safeParse({
    slug: formData.get("slug"),
    phase: formData.get("phase"),
    selected: formData.getAll("selected"),
  });
  if (!parsed.success) throw new Error("The final-entry form is incomplete: reload the page and try again.");
  const { slug, phase, selected } = parsed.data;
  const back = `/c/${encodeURIComponent(slug)}/my-submissions?phase=${encodeURIComponent(phase)}`;
  let problem: string | null = null;
  try {
    await setFinalSelections(await getViewer(), slug, phase, selected);
  } catch (err) {
    const report = errorReport(err);
    if (report.fault !== "user") throw err;
    problem = oneLine(report);
  }
  redirect(problem ? `${back}&error=${encodeURIComponent(problem)}` : `${back}&saved=1`);
}
