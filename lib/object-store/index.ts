import "server-only";
import path from "node:path";
import { env } from "@/lib/config";
import { LocalDiskStore } from "./local-disk";
import { S3Store } from "./s3";
import type { ObjectStore } from "./types";

export { LocalDiskStore } from "./local-disk";
export { S3Store, type S3StoreOptions } from "./s3";
export { InvalidObjectKeyError, ObjectNotFoundError, isContentKey, objectPath, type ObjectStore } from "./types";

/** The store STORAGE_DRIVER selects (docs/scaling.md): `local` (DATA_DIR) or `s3` (S3_BUCKET ...). */
export function createObjectStore(): ObjectStore {
  if (env.STORAGE_DRIVER === "local") return new LocalDiskStore(env.DATA_DIR);
  return new S3Store({
    bucket: env.S3_BUCKET!,
    prefix: env.S3_PREFIX,
    cacheDir: path.join(env.DATA_DIR, "cache"),
    cacheMaxBytes: env.S3_CACHE_MAX_MB * 1024 * 1024,
    client: {
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      // Without explicit keys the SDK's default chain applies (AWS_* variables, instance roles).
      credentials:
        env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
          : undefined,
    },
  });
}

const globalForStore = globalThis as unknown as { maskboardObjectStore?: ObjectStore };

export function getObjectStore(): ObjectStore {
  globalForStore.maskboardObjectStore ??= createObjectStore();
  return globalForStore.maskboardObjectStore;
}

/** Reads a whole (small) object: manifests, shard results. */
export async function readObject(store: ObjectStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await store.openRead(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Replaces the process's store (tools and tests that bring their own, e.g. a local S3 server); returns the previous one. */
export function setObjectStore(store: ObjectStore): ObjectStore {
  const previous = getObjectStore();
  globalForStore.maskboardObjectStore = store;
  return previous;
}
