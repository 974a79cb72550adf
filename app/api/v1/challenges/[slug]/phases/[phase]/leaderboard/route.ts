import { authenticateRequest } from "@/lib/auth/request";
import { apiErrorResponse } from "@/lib/auth/errors";
import { jsonError } from "@/lib/http";
import {
  authorizeLeaderboard,
  categoriesForSplit,
  classLeaderboardCsv,
  classMatrixCsv,
  classMatrixJson,
  classRowJson,
  filterMatrixByFrequency,
  loadClassLeaderboard,
  loadClassMatrix,
} from "@/lib/leaderboard";
import { overallLeaderboardBody } from "@/lib/leaderboard/export";
import { leaderboardQuerySchema, queryObject } from "@/lib/api/request-schemas";

export async function GET(req: Request, ctx: { params: Promise<{ slug: string; phase: string }> }) {
  const { slug, phase } = await ctx.params;
  const parsed = leaderboardQuerySchema.safeParse(queryObject(req));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return jsonError(400, "invalid_query", `Query parameter ${issue.path.join(".")}: ${issue.message}.`);
  }
  const { split, format, category, view, frequency } = parsed.data;
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
    if (view === "classes") {
      // The whole teams x classes matrix (every ranked entry, every class): what the heatmap pages through.
      const matrix = filterMatrixByFrequency(await loadClassMatrix(context, split), frequency);
      if (format === "csv") return csvResponse(classMatrixCsv(matrix), `${base}-classes.csv`);
      return Response.json({
        challenge: slug,
        phase,
        split,
        evalConfigVersion: context.evalConfig?.version ?? null,
        ...classMatrixJson(matrix),
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
