import { createReadStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { ObjectNotFoundError, objectPath, type ObjectStore } from "./types";

/**
 * Objects as files under `root` (DATA_DIR): every web and worker process must see the same
 * folder (one machine, or a shared filesystem). Writers rename a finished file into place, which
 * is atomic on one filesystem, so readers never see half a file.
 */
export class LocalDiskStore implements ObjectStore {
  readonly kind = "local" as const;
  constructor(readonly root: string) {}

  pathOf(key: string): string {
    return path.join(this.root, objectPath(key));
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Same content already stored (possibly by another process): renaming over it is harmless.
    await rename(localPath, target);
  }

  async size(key: string): Promise<number | null> {
    const s = await stat(this.pathOf(key)).catch(() => null);
    return s && s.isFile() ? s.size : null;
  }

  async modifiedAt(key: string): Promise<Date | null> {
    const s = await stat(this.pathOf(key)).catch(() => null);
    return s && s.isFile() ? s.mtime : null;
  }

  async openRead(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const file = this.pathOf(key);
    if ((await this.size(key)) === null) throw new ObjectNotFoundError(key);
    return createReadStream(file, range);
  }

  async localPath(key: string): Promise<string> {
    if ((await this.size(key)) === null) throw new ObjectNotFoundError(key);
    return this.pathOf(key);
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const base = path.join(this.root, objectPath(prefix.replace(/\/+$/, "")));
    const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(this.root, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
  }
}
