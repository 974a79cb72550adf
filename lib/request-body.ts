import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** JSON bodies of the API are small documents (the largest: a challenge's description and rules, 100k characters each). */
export const MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;

/** 413: the body is over the endpoint's limit. */
export class RequestBodyTooLargeError extends AppError {
  constructor(readonly maxBytes: number) {
    super({
      status: 413,
      code: "body_too_large",
      message: `The request body is larger than ${Math.round(maxBytes / 1024)} KiB, the limit for this endpoint (results and ground-truth files go to the upload endpoints).`,
    });
  }
}

/** 400: the body could not be parsed as JSON at all. */
export class InvalidJsonBodyError extends AppError {
  constructor(reason: string) {
    super({
      status: 400,
      code: "invalid_json",
      message: `The request body is not valid JSON: ${reason}. Send Content-Type: application/json.`,
    });
  }
}

/** How much of a refused body is still read, and thrown away, before the refusal is sent. */
export const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;
export const DISCARD_LIMIT_MS = 15_000;

/**
 * Reads and throws away the rest of a refused body, within bounds, before the refusal is sent: a
 * client still sending when the server answers and closes sees a reset connection, not our 413.
 * Past the bounds (an abusive client) the answer goes out anyway.
 */
export async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const deadline = Date.now() + DISCARD_LIMIT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), DISCARD_LIMIT_MS)));
  try {
    for (let seen = 0; seen <= DISCARD_LIMIT_BYTES && Date.now() < deadline;) {
      const next = await Promise.race([reader.read(), timeout]);
      if (!next || next.done) break;
      seen += next.value.byteLength;
    }
  } catch {
    // The client went away: nothing left to discard.
  } finally {
    clearTimeout(timer);
    // Not awaited: for a cloned request the cancel settles only once the other branch is cancelled too.
    void reader.cancel().catch(() => {});
  }
}

/** discardRest for a body nobody has started reading (a refusal on its Content-Length alone). */
export async function discardBody(body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (body && !body.locked) await discardRest(body.getReader());
}

/**
 * The body as text, read at most `maxBytes` into memory: `req.text()` would buffer whatever a
 * client sends (a Content-Length is refused before reading, a chunked body as soon as it passes the
 * cap). With `discard` (the default) the rest of a refused body is read away first, see discardRest.
 */
export async function readBodyText(req: Request, maxBytes = MAX_JSON_BODY_BYTES, opts: { discard?: boolean } = {}): Promise<string> {
  const discard = opts.discard ?? true;
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    if (discard) await discardBody(req.body);
    throw new RequestBodyTooLargeError(maxBytes);
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      if (discard) await discardRest(reader);
      else void reader.cancel().catch(() => {});
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
