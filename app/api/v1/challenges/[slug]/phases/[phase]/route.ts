import { NextResponse } from "next/server";
import { authenticateRequest } from "@/lib/auth/request";
import { apiErrorResponse } from "@/lib/auth/api-error-response";
import { authorizeManageChallenge } from "@/lib/challenges/access";
import { readJsonBody } from "@/lib/challenges/api";
import { phaseView, upsertPhase } from "@/lib/challenges/phases";
import { phaseBodySchema } from "@/lib/challenges/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string; phase: string }> };

/** Create (201) or update (200) a phase; optional `split` and `evaluation` as in the YAML file. */
export async function PUT(req: Request, { params }: Params) {
  try {
    const { slug, phase: phaseSlug } = await params;
    const viewer = await authenticateRequest(req);
    const facts = await authorizeManageChallenge(viewer, slug);
    const body = await readJsonBody(req, phaseBodySchema);
    const result = await upsertPhase(viewer.userId, facts.challengeId, phaseSlug, body);
    return NextResponse.json(
      { ...phaseView(result.phase), evalConfigVersion: result.evalConfigVersion, resplit: result.split },
      { status: result.created ? 201 : 200 },
    );
  } catch (err) {
    return apiErrorResponse(err);
  }
}
