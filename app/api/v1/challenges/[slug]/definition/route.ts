import { authenticateRequest } from "@/lib/auth/request";
import { apiErrorResponse } from "@/lib/auth/api-error-response";
import { authorizeManageChallenge } from "@/lib/challenges/access";
import { exportChallengeYaml } from "@/lib/challenges/definition-io";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

/** The challenge definition as YAML (organizers), the same as `npm run admin -- export-challenge SLUG`. */
export async function GET(req: Request, { params }: Params) {
  try {
    const { slug } = await params;
    const viewer = await authenticateRequest(req);
    const facts = await authorizeManageChallenge(viewer, slug);
    const yaml = await exportChallengeYaml(facts.challengeId);
    return new Response(yaml, {
      headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": `attachment; filename="${facts.slug}.yaml"`, "cache-control": "no-store" },
    });
  } catch (err) {
    return apiErrorResponse(err);
  }
}
