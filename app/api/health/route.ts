import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth();
  return NextResponse.json(
    { status: report.ok ? "ok" : `down: ${report.down.join(", ")}`, ...report },
    { status: report.ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
