import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import type { z } from "zod";
import { ChallengeError } from "./errors";
import { readBodyText } from "@/lib/request-body";

/** Parses a JSON request body with `schema`; bad JSON is a 400 that says so (not a 500). */
export async function readJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const text = await readBodyText(req);
  let body: unknown;
  try {
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch (err) {
    throw new ChallengeError(400, "invalid_json", `The request body is not valid JSON: ${(err as Error).message}. Send Content-Type: application/json.`);
  }
  return schema.parse(body);
}

/** The raw request body as a Node stream (ground-truth uploads are never buffered whole). */
export function bodyStream(req: Request): Readable {
  if (!req.body) throw new ChallengeError(400, "empty_body", "The request has no body: send the ground-truth file, e.g. curl -T instances.json URL.");
  return Readable.fromWeb(req.body as unknown as NodeWebReadableStream<Uint8Array>);
}
