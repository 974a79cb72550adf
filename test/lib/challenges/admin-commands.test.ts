import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { prisma } from "@/lib/db";
import { parseChallengeYaml } from "@/lib/challenges/yaml";
import { createUser, uniqueSuffix } from "../../helpers/factories";
import { DEMO_GT, tempJson } from "./helpers";

/** Runs `npm run admin -- ARGS` as the real process does (tsx, react-server condition). */
function admin(args: string[]) {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/admin.ts", ...args], {
    env: process.env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function demoFile(slug: string, edit: (text: string) => string = (t) => t): string {
  const path = tempJson({}).replace(/gt\.json$/, "challenge.yaml");
  const text = edit(readFileSync("prisma/demo/challenge.yaml", "utf8").replace(/^slug: demo$/m, `slug: ${slug}`));
  writeFileSync(path, text);
  return path;
}

describe("npm run admin -- import-challenge / export-challenge", () => {
  it("imports with ground truths and an organizer, twice without changes, and exports the same definition", async () => {
    const organizer = await createUser();
    const slug = `cli-${uniqueSuffix()}`;
    const file = demoFile(slug);
    const args = [
      "import-challenge",
      file,
      "--ground-truth",
      `dev=${DEMO_GT}`,
      "--ground-truth",
      `test=${DEMO_GT}`,
      "--organizer",
      organizer.email,
    ];
    const first = admin(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe(slug);
    expect(first.stderr).toContain("phase test: ground truth uploaded (40 images, 20 public / 20 private)");

    const second = admin(args);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("phase dev: ground truth unchanged");
    const challenge = await prisma.challenge.findUniqueOrThrow({ where: { slug }, include: { organizers: true } });
    expect(challenge.organizers.map((o) => o.userId)).toEqual([organizer.id]);
    expect(await prisma.evalConfig.count({ where: { phase: { challengeId: challenge.id } } })).toBe(2);

    const exported = admin(["export-challenge", slug]);
    expect(exported.code, exported.stderr).toBe(0);
    const original = parseChallengeYaml(readFileSync(file, "utf8"));
    const roundTrip = parseChallengeYaml(exported.stdout);
    expect(roundTrip.protocols).toEqual(original.protocols);
    expect(roundTrip.definition.phases.map((p) => [p.slug, p.split, p.startsAt.toISOString(), p.maxSubmissionsPerDay])).toEqual(
      original.definition.phases.map((p) => [p.slug, p.split, p.startsAt.toISOString(), p.maxSubmissionsPerDay]),
    );
    expect(roundTrip.definition).toMatchObject({
      slug,
      title: original.definition.title,
      status: "PUBLISHED",
      description: original.definition.description,
    });
  });

  it("names the YAML path of an invalid value and exits non-zero without creating anything", async () => {
    const slug = `cli-${uniqueSuffix()}`;
    const run = admin(["import-challenge", demoFile(slug, (t) => t.replace("0.5, 0.55, 0.6,", "0.5, 0.55, 1.5,"))]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/phases\[0\]\.evaluation\.iouThresholds\[2\]: 1\.5 is not in \(0, 1\] \(line \d+\)/);
    expect(await prisma.challenge.findUnique({ where: { slug } })).toBeNull();
    const usage = admin(["import-challenge", demoFile(slug), "--ground-truth", "dev"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--ground-truth takes PHASE=PATH");
  });
});
