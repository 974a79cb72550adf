import "server-only";
import { readSourceChunks, type ReadSourceOptions } from "./compressed-source";
import { CocoValidationError } from "./errors";
import { findJsonSyntaxError } from "./json-syntax";

/** V8 cannot hold a longer string (2^29 - 24 UTF-16 units); bigger documents must be streamed. */
const MAX_DOCUMENT_BYTES = 2 ** 29 - 24;

/**
 * Reads and parses a whole JSON document from a .json, .json.gz or .zip file. For documents
 * that fit in one string (ground truth); results files use the streaming array parser.
 */
export async function readJsonMaybeCompressed(path: string, options: ReadSourceOptions = {}): Promise<unknown> {
  const maxExpandedBytes = Math.min(options.maxExpandedBytes ?? MAX_DOCUMENT_BYTES, MAX_DOCUMENT_BYTES);
  const chunks: Buffer[] = [];
  for await (const chunk of readSourceChunks(path, { ...options, maxExpandedBytes })) chunks.push(chunk);
  const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  if (bytes.length === 0) throw CocoValidationError.single("empty", "the file is empty; it must hold one JSON document");
  const text = bytes.toString("utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    const found = findJsonSyntaxError(text);
    if (!found) throw CocoValidationError.single("not_json", `the file is not valid JSON: ${(e as Error).message}`);
    const byte = Buffer.byteLength(text.slice(0, found.offset));
    throw CocoValidationError.single("not_json", `the file is not valid JSON at byte ${byte}: ${found.message}`);
  }
}
