// The shard files of a sharded evaluation (DATA_DIR/shards/<submission>/...) never outlive it: a
// cancel removes them at once, and the sweep removes those of every submission that is no longer
// queued or running (a crash, or a shard that finished just after a cancel), never a live one's.
import { randomUUID } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { getObjectStore } from "@/lib/object-store";
import { closeQueueConnections } from "@/lib/queue";
import { submissionShardPrefix, sweepShardFiles } from "@/lib/sharding/shard-store";
import { cancelSubmission } from "@/lib/submissions/cancel";
import { createScoredPhase, FIXTURE_DT, insertSubmission, type ScoredPhase } from "../../helpers/submission-fixtures";

type Status = "QUEUED" | "RUNNING" | "FINISHED" | "FAILED" | "CANCELLED";

let phase: ScoredPhase;
let scratch: string;

beforeAll(async () => {
  phase = await createScoredPhase();
  scratch = await mkdtemp(path.join(tmpdir(), "mb-shard-store-"));
});

afterAll(async () => {
  await closeQueueConnections();
  await prisma.$disconnect();
});

async function withStatus(status: Status): Promise<string> {
  const id = await insertSubmission(phase, FIXTURE_DT);
  await prisma.submission.update({ where: { id }, data: { status } });
  return id;
}

/** Two partitions' worth of shard files, as a parent and its shard jobs leave them. */
async function putShardFiles(submissionId: string): Promise<void> {
  const store = getObjectStore();
  for (const partition of [randomUUID(), randomUUID()])
    for (const name of ["in-0.bin", "in-1.bin", "matched-0.bin"]) {
      const file = path.join(scratch, randomUUID());
      await writeFile(file, "shard bytes");
      await store.putFile(`${submissionShardPrefix(submissionId)}/${partition}/${name}`, file);
    }
}

const shardFiles = (submissionId: string) => getObjectStore().list(`${submissionShardPrefix(submissionId)}/`);

describe("shard files", () => {
  it("cancelling a running sharded evaluation removes every shard file of the submission", async () => {
    const id = await withStatus("RUNNING");
    await putShardFiles(id);
    expect(await shardFiles(id)).toHaveLength(6);
    await cancelSubmission(id, { actorId: null, reason: "test" });
    expect(await shardFiles(id)).toEqual([]);
  });

  it("the sweep removes the files of ended or deleted submissions and keeps those of queued and running ones", async () => {
    const ids = Object.fromEntries(
      await Promise.all((["QUEUED", "RUNNING", "FINISHED", "FAILED", "CANCELLED"] as const).map(async (s) => [s, await withStatus(s)])),
    ) as Record<Status, string>;
    const deleted = await withStatus("FINISHED");
    for (const id of [...Object.values(ids), deleted]) await putShardFiles(id);
    await prisma.submission.delete({ where: { id: deleted } });

    const swept = await sweepShardFiles();
    expect(swept).toEqual(expect.arrayContaining([ids.FINISHED, ids.FAILED, ids.CANCELLED, deleted]));
    expect(swept).not.toContain(ids.QUEUED);
    expect(swept).not.toContain(ids.RUNNING);
    for (const s of ["FINISHED", "FAILED", "CANCELLED"] as const) expect(await shardFiles(ids[s]), s).toEqual([]);
    expect(await shardFiles(deleted)).toEqual([]);
    expect(await shardFiles(ids.QUEUED)).toHaveLength(6);
    expect(await shardFiles(ids.RUNNING)).toHaveLength(6);
  });
});
