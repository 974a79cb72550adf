import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import { ChallengeError } from "./errors";

/** The raw request body as a Node stream (ground-truth uploads are never buffered whole). */
export function bodyStream(req: Request): Readable {
  if (!req.body)
    throw new ChallengeError(400, "empty_body", "The request has no body: send the ground-truth file, e.g. curl -T instances.json URL.");
  return Readable.fromWeb(req.body as unknown as NodeWebReadableStream<Uint8Array>);
}
