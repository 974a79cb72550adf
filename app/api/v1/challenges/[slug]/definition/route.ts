import { exportChallengeYaml } from "@/lib/challenges/definition-io";
import { withOrganizer, type RouteContext } from "@/lib/challenges/organizer-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The challenge definition as YAML (organizers), the same as `npm run admin -- export-challenge SLUG`. */
export function GET(req: Request, ctx: RouteContext<{ slug: string }>) {
  return withOrganizer(req, ctx, async ({ facts }) => {
    const yaml = await exportChallengeYaml(facts.challengeId);
    return new Response(yaml, {
      headers: {
        "content-type": "application/yaml; charset=utf-8",
        "content-disposition": `attachment; filename="${facts.slug}.yaml"`,
        "cache-control": "no-store",
      },
    });
  });
}
