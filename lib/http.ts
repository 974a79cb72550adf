import { NextResponse } from "next/server";

/** The API's error body: `{ "error": { "code", "message", ...extra } }`. */
export type ApiErrorBody = { error: { code: string; message: string } & Record<string, unknown> };

export function jsonError(
  status: number,
  code: string,
  message: string,
  extra?: Record<string, unknown>,
  init?: { headers?: HeadersInit },
): NextResponse<ApiErrorBody> {
  return NextResponse.json({ error: { ...extra, code, message } }, { status, headers: init?.headers });
}
