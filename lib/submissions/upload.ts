import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import Busboy from "busboy";
import { ensureTempFileSweeper, FileTooLargeError, storeStream, type StoredFile } from "@/lib/storage";
import { DISCARD_LIMIT_BYTES, DISCARD_LIMIT_MS, discardBody } from "@/lib/request-body";
import { SubmissionError } from "./errors";

export type StoredUpload = StoredFile;
/** `baseline`: an organizer asks to show the entry as a public baseline row (ignored for participants). */
export type ReceivedUpload = { stored: StoredUpload; filename: string; description: string; baseline: boolean };

const ACCEPTED_EXTENSIONS = [".json", ".json.gz", ".zip"];
const MAX_DESCRIPTION_CHARS = 2000;
/** Multipart framing and the description field around the file. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

const noop = () => undefined;

function gib(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

function tooLarge(maxBytes: number): SubmissionError {
  return new SubmissionError(
    413,
    "file_too_large",
    `The file is larger than this phase's limit of ${gib(maxBytes)}; compress it (.json.gz or .zip) or keep fewer detections per image.`,
    { maxBytes },
  );
}

/**
 * discardRest (lib/request-body) for the Node stream the multipart parser reads from. A body that
 * already ended, failed or was destroyed has nothing left: resolves at once (waiting for an 'end'
 * that already happened held every such answer for DISCARD_LIMIT_MS).
 */
function drainBody(body: Readable): Promise<void> {
  if (body.readableEnded || body.destroyed || body.errored) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      clearTimeout(timer);
      body.off("data", onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DISCARD_LIMIT_BYTES) done();
    };
    const timer = setTimeout(done, DISCARD_LIMIT_MS);
    body.on("data", onData);
    body.once("end", done);
    body.once("error", done);
    body.once("close", done);
    body.resume();
  });
}

export function checkFilename(filename: string): void {
  const lower = filename.toLowerCase();
  if (!ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext))) {
    throw new SubmissionError(
      415,
      "unsupported_file_type",
      `"${filename}" is not an accepted results file; upload a .json, .json.gz, or a .zip holding one .json.`,
    );
  }
}

/**
 * Streams a multipart/form-data request (field `file`, optional `description`) straight to storage,
 * hashing on the way: the upload is never held in memory. Refuses files over `maxBytes` (413).
 */
export async function receiveUpload(request: Request, opts: { maxBytes: number }): Promise<ReceivedUpload> {
  ensureTempFileSweeper(); // .part files a killed server left behind
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data") || !request.body) {
    throw new SubmissionError(
      415,
      "not_multipart",
      "Send the results file as multipart/form-data in the field 'file', e.g. curl -H 'Authorization: Bearer mb_...' -F file=@results.json URL.",
    );
  }
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > opts.maxBytes + MULTIPART_OVERHEAD_BYTES) {
    await discardBody(request.body);
    throw tooLarge(opts.maxBytes);
  }

  const parser = Busboy({
    headers: { "content-type": contentType },
    limits: { files: 1, fields: 5, fieldSize: 64 * 1024, fileSize: opts.maxBytes + 1 },
  });
  const body = Readable.fromWeb(request.body as unknown as NodeWebReadableStream<Uint8Array>);

  return new Promise<ReceivedUpload>((resolve, reject) => {
    let description = "";
    let baseline = false;
    let stored: Promise<{ stored: StoredUpload; filename: string }> | null = null;
    let storingFile: Readable | null = null;
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      body.unpipe(parser);
      // A file half-written when the client went away (or anything else failed): ending its stream
      // makes storeStream close the write handle and delete the .part file before we answer.
      storingFile?.destroy();
      const cleanedUp = stored ? stored.then(noop, noop) : Promise.resolve();
      void Promise.all([drainBody(body), cleanedUp]).then(() => reject(err));
    };

    parser.on("field", (name, value) => {
      if (name === "description") description = value.slice(0, MAX_DESCRIPTION_CHARS);
      if (name === "baseline") baseline = ["1", "true", "on"].includes(value.trim().toLowerCase());
    });
    parser.on("file", (name, file, info) => {
      if (name !== "file" || stored) {
        file.resume();
        return;
      }
      const filename = info.filename || "results.json";
      try {
        checkFilename(filename);
      } catch (e) {
        file.resume();
        fail(e);
        return;
      }
      let truncated = false;
      file.on("limit", () => (truncated = true));
      storingFile = file;
      const storing: Promise<{ stored: StoredUpload; filename: string }> = storeStream(file, { maxBytes: opts.maxBytes }).then(
        (s) => {
          if (truncated || s.byteSize > opts.maxBytes) throw tooLarge(opts.maxBytes);
          return { stored: s, filename };
        },
        (e: unknown) => {
          file.resume();
          throw truncated || e instanceof FileTooLargeError ? tooLarge(opts.maxBytes) : e;
        },
      );
      stored = storing;
      storing.catch(fail);
    });
    parser.on("filesLimit", () => fail(new SubmissionError(400, "too_many_files", "Send exactly one file in the field 'file'.")));
    parser.on("error", (e: Error) =>
      fail(new SubmissionError(400, "bad_multipart", `The multipart body could not be read: ${e.message}.`)),
    );
    body.on("error", (e) => fail(new SubmissionError(400, "upload_interrupted", `The upload was interrupted: ${e.message}.`)));
    // A client that goes away without an error on the stream (the socket just closed).
    body.on("close", () => {
      if (!body.readableEnded) fail(new SubmissionError(400, "upload_interrupted", "The upload was interrupted: the connection closed."));
    });
    parser.on("close", () => {
      if (failed) return;
      const storing = stored;
      if (!storing)
        return fail(
          new SubmissionError(400, "missing_file", "The request has no file: send the results file in the multipart field 'file'."),
        );
      storing.then((s) => resolve({ ...s, description, baseline }), fail);
    });
    body.pipe(parser);
  });
}
