import fs from "node:fs";
import { once } from "node:events";

/** Writes a JSON array one element per line, streaming (results files reach hundreds of MB). */
export async function writeJsonArray(path: string, items: Iterable<unknown>): Promise<number> {
  const out = fs.createWriteStream(path);
  let bytes = 0;
  let first = true;
  let pending = "[";
  for (const item of items) {
    pending += (first ? "" : ",\n") + JSON.stringify(item);
    first = false;
    if (pending.length > 1 << 20) {
      bytes += pending.length;
      if (!out.write(pending)) await once(out, "drain");
      pending = "";
    }
  }
  pending += "]\n";
  bytes += pending.length;
  out.end(pending);
  await once(out, "finish");
  return bytes;
}
