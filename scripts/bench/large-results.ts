import { createWriteStream, existsSync, readFileSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";

const MB = 1024 * 1024;

/**
 * The bench case's results file repeated until it reaches `targetBytes`: a valid results array (every
 * image gets its detections once per repeat), written once to `dir` and reused. Files past 512 MiB
 * are beyond V8's string limit: only a streaming reader can take them.
 */
export async function ensureLargeResults(
  resultsPath: string,
  dir: string,
  targetBytes: number,
  log: (line: string) => void,
): Promise<string> {
  const out = path.join(dir, `results-${Math.round(targetBytes / MB)}mb.json`);
  if (existsSync(out) && statSync(out).size >= targetBytes) return out;
  await mkdir(dir, { recursive: true });
  log(`writing ${out} (${Math.round(targetBytes / MB)} MiB) ...`);
  const text = readFileSync(resultsPath);
  const inner = text.subarray(text.indexOf(0x5b) + 1, text.lastIndexOf(0x5d)); // between [ and ]
  const stream = createWriteStream(out);
  let written = 0;
  stream.write("[");
  while (written < targetBytes) {
    if (written > 0 && !stream.write(",\n")) await once(stream, "drain");
    if (!stream.write(inner)) await once(stream, "drain");
    written += inner.length + 2;
  }
  stream.end("]\n");
  await once(stream, "finish");
  return out;
}
