// A PostgreSQL restart while the worker writes its scores costs a retry of the write, not the
// evaluation: the computed result is kept and written once the database is back. Runs against a
// private cluster (fault harness): app modules load only after DATABASE_URL points at it.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgresCluster, type PostgresCluster } from "../../scripts/lib/fault-harness";
import { faultDir } from "./fault-env";
import type { prisma } from "@/lib/db";
import type { scoreSubmission } from "@/lib/scoring/score-submission";
import type * as Fixtures from "../helpers/submission-fixtures";

let pg: PostgresCluster;
// Types only: the modules themselves load in beforeAll, once DATABASE_URL points at the private cluster.
let app: { prisma: typeof prisma; scoreSubmission: typeof scoreSubmission; fixtures: typeof Fixtures };

beforeAll(async () => {
  pg = await startPostgresCluster({ dir: path.join(faultDir(`postgres-blip-${randomUUID().slice(0, 8)}`), "pg") });
  process.env.DATABASE_URL = await pg.createDatabase("maskboard", { migrate: true });
  app = {
    prisma: (await import("@/lib/db")).prisma,
    scoreSubmission: (await import("@/lib/scoring/score-submission")).scoreSubmission,
    fixtures: await import("../helpers/submission-fixtures"),
  };
}, 180_000);

afterAll(async () => {
  await app?.prisma.$disconnect();
  await pg?.dispose();
});

describe("a PostgreSQL restart during the score write", () => {
  it("is retried within the job: the evaluation is not thrown away and the scores are written once", async () => {
    const phase = await app.fixtures.createScoredPhase();
    const id = await app.fixtures.insertSubmission(phase, app.fixtures.FIXTURE_DT, "RUNNING");
    const blip: { restart?: Promise<void> } = {};
    await app.scoreSubmission(id, {
      onProgress: (p) => {
        // The last stage: only the score write touches the database after this. stop() is synchronous (pg_ctl -w).
        if (p.stage === "accumulating" && !blip.restart) blip.restart = pg.restart({ downMs: 500 });
      },
    });
    expect(blip.restart).toBeDefined();
    await blip.restart;
    const row = await app.prisma.submission.findUniqueOrThrow({ where: { id }, include: { scores: true } });
    expect(row.status).toBe("FINISHED");
    expect(row.scores.map((s) => s.split).sort()).toEqual(["PRIVATE", "PUBLIC"]);
  });
});
