import "server-only";
import type { z } from "zod";

/** JSON bodies of the API are small documents (the largest: a challenge's description and rules, 100k characters each). */
export const MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;

/** Answered as 413 by apiErrorResponse (it has a numeric `status` and a string `code`). */
export class RequestBodyTooLargeError extends Error {
  readonly status = 413;
  readonly code = "body_too_large";
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${Math.round(maxBytes / 1024)} KiB, the limit for this endpoint (results and ground-truth files go to the upload endpoints).`);
    this.name = "RequestBodyTooLargeError";
  }
}

/** Answered as 400 by apiErrorResponse: the body could not be parsed as JSON at all. */
export class InvalidJsonBodyError extends Error {
  readonly status = 400;
  readonly code = "invalid_json";
  constructor(reason: string) {
    super(`The request body is not valid JSON: ${reason}. Send Content-Type: application/json.`);
    this.name = "InvalidJsonBodyError";
  }
}

/**
 * The body as text, read at most `maxBytes` into memory: `req.text()` would buffer whatever a
 * client sends (a Content-Length is refused early, a chunked body as soon as it passes the cap).
 */
export async function readBodyText(req: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new RequestBodyTooLargeError(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Not awaited: for a cloned request the cancel settles only once the other branch is cancelled too.
      void reader.cancel().catch(() => {});
      throw new RequestBodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Parses a capped JSON request body with `schema` (an empty body is `{}`); malformed JSON is a 400 that says so, not a 500. */
export async function readJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const text = await readBodyText(req);
  let body: unknown;
  try {
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch (err) {
    throw new InvalidJsonBodyError((err as Error).message);
  }
  return schema.parse(body);
}
