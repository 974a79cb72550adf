import { z } from "zod";
import { authenticateRequest } from "@/lib/auth/request";
import { apiErrorResponse } from "@/lib/auth/errors";
import { jsonError } from "@/lib/http";
import { authorizeLeaderboard, categoriesForSplit, classLeaderboardCsv, classRowJson, loadClassLeaderboard } from "@/lib/leaderboard";
import { overallLeaderboardBody } from "@/lib/leaderboard/export";

const querySchema = z.object({
  split: z.enum(["public", "private"], { error: 'split must be "public" or "private"' }).default("public"),
  format: z.enum(["json", "csv"], { error: 'format must be "json" or "csv"' }).default("json"),
  category: z
    .string()
    .regex(/^-?\d+$/, "category must be a COCO category id (an integer), e.g. ?category=1")
    .transform(Number)
    .optional(),
});

export async function GET(req: Request, ctx: { params: Promise<{ slug: string; phase: string }> }) {
  const { slug, phase } = await ctx.params;
  const url = new URL(req.url);
  const parsed = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return jsonError(400, "invalid_query", `Query parameter ${issue.path.join(".")}: ${issue.message}.`);
  }
  const { split, format, category } = parsed.data;
  try {
    const viewer = await authenticateRequest(req);
    const { context } = await authorizeLeaderboard(viewer, slug, phase, split);
    const base = `${slug}-${phase}-${split}`;
    if (category !== undefined) {
      const info = categoriesForSplit(context, split).find((c) => c.cocoId === category);
      if (!info) return jsonError(404, "unknown_category", `Phase "${phase}" has no category with id ${category}.`);
      const board = await loadClassLeaderboard(context, split, info);
      if (format === "csv") return csvResponse(classLeaderboardCsv(board), `${base}-class-${category}.csv`);
      return Response.json({
        challenge: slug,
        phase,
        split,
        evalConfigVersion: context.evalConfig?.version ?? null,
        category: { id: info.cocoId, name: info.name, supercategory: info.supercategory },
        meanAp: board.meanAp,
        best: board.best ? classRowJson(board.best) : null,
        rows: board.rows.map(classRowJson),
      });
    }
    const body = await overallLeaderboardBody(context, split, format);
    if (format === "csv") return csvResponse(body, `${base}.csv`);
    return new Response(body, { headers: { "content-type": "application/json" } });
  } catch (err) {
    return apiErrorResponse(err);
  }
}

function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
    },
  });
}
