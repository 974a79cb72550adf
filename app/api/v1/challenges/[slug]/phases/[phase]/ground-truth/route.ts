import { NextResponse } from "next/server";
import { bodyStream } from "@/lib/challenges/api";
import { GROUND_TRUTH_MAX_BYTES, ingestGroundTruth } from "@/lib/challenges/ground-truth";
import { withOrganizerPhase, type RouteContext } from "@/lib/challenges/organizer-route";
import { receiveUpload } from "@/lib/submissions/upload";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Upload the phase's hidden ground truth (COCO instances .json, .json.gz or .zip): the raw body
 * (`curl -T instances.json URL`) or multipart field `file`. Replacing a ground truth that
 * submissions were scored on needs `?confirm=true` and re-evaluates them. There is no GET: the
 * file is never served.
 */
export function PUT(req: Request, ctx: RouteContext<{ slug: string; phase: string }>) {
  return withOrganizerPhase(req, ctx, async ({ viewer, phase }) => {
    const confirmReplace = new URL(req.url).searchParams.get("confirm") === "true";
    const multipart = (req.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
    const source = multipart ? { stored: (await receiveUpload(req, { maxBytes: GROUND_TRUTH_MAX_BYTES })).stored } : bodyStream(req);
    const result = await ingestGroundTruth({
      actorId: viewer.userId,
      phaseId: phase.id,
      source,
      confirmReplace,
      maxBytes: GROUND_TRUTH_MAX_BYTES,
    });
    return NextResponse.json(
      { replaced: result.replaced, evalConfigVersion: result.newVersion, reevaluating: result.rerun, groundTruth: result.summary },
      { status: result.replaced ? 200 : 201 },
    );
  });
}
