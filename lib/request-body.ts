import "server-only";

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
