import { NextResponse } from "next/server";
import { apiErrorResponse } from "@/lib/auth/errors";
import { authenticateRequest } from "@/lib/auth/request";
import { openApiDocument } from "@/lib/api/openapi";
import { siteOrigin } from "@/lib/site-origin";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** This API's OpenAPI 3.1 document; its request schemas are generated from the zod schemas the routes parse with. */
export async function GET(req: Request) {
  try {
    await authenticateRequest(req);
    return NextResponse.json(openApiDocument(await siteOrigin()));
  } catch (err) {
    return apiErrorResponse(err);
  }
}
