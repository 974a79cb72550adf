// The fast scenarios of the fault suite (`npm run chaos`, scripts/chaos.ts), run as the CI runs them:
// the script starts its own PostgreSQL and Redis (never the shared ones), real workers, and reports
// per scenario how many submissions were left stuck, lost or scored twice.
import { spawn } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/lib/schema-engine";

type Row = {
  scenario: string;
  submissions: number;
  stuck: number;
  lost: number;
  dupScores: number;
  recoverMs: number | null;
  notes: string;
};

function runChaos(scenarios: string[]): Promise<{ code: number | null; rows: Row[]; output: string }> {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(REPO_ROOT, "scripts/chaos.ts"), "--only", scenarios.join(","), "--json"],
    { cwd: REPO_ROOT, env: process.env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let output = "";
  child.stdout.on("data", (d) => ((stdout += String(d)), (output += String(d))));
  child.stderr.on("data", (d) => (output += String(d)));
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      const rows = last.startsWith("{") ? (JSON.parse(last) as { rows: Row[] }).rows : [];
      resolve({ code, rows, output });
    }),
  );
}

describe("fault suite, CI-sized: a worker killed mid-job, an unwritable or full DATA_DIR", () => {
  let run: Awaited<ReturnType<typeof runChaos>>;
  const row = (scenario: string) => {
    const found = run.rows.find((r) => r.scenario === scenario);
    if (!found) throw new Error(`no row for "${scenario}":\n${run.output.slice(-5000)}`);
    return found;
  };
  beforeAll(async () => {
    run = await runChaos(["sigkill", "datadir-unwritable", "datadir-full"]);
  }, 900_000);

  it("scores the demo's submissions first, with no fault", () => {
    expect(row("seed (no fault)")).toMatchObject({ submissions: 6, stuck: 0, lost: 0, dupScores: 0 });
  });

  it("a job whose worker was killed runs again on the other worker: nothing stuck, lost or scored twice", () => {
    const killed = row("worker SIGKILL mid-job");
    expect(killed, run.output.slice(-5000)).toMatchObject({ submissions: 6, stuck: 0, lost: 0, dupScores: 0 });
    expect(killed.notes).toMatch(/max attempts 2/);
  });

  it("an upload to an unwritable or full DATA_DIR is refused and leaves no row and no half file", () => {
    const unwritable = row("DATA_DIR unwritable during upload");
    expect(unwritable).toMatchObject({ submissions: 0, stuck: 0, lost: 0, dupScores: 0 });
    expect(unwritable.notes).toMatch(/^answers: 3x \d{3} [a-z_]+; rows created 0$/);
    const full = row("DATA_DIR full during upload");
    if (full.notes.startsWith("skipped")) return; // mounting the small tmpfs needs root
    expect(full).toMatchObject({ submissions: 0, stuck: 0, lost: 0, dupScores: 0 });
    expect(full.notes).toMatch(/^answers: 3x \d{3} [a-z_]+; rows created 0; half files left 0$/);
  });

  it("says a storage failure is the server's, retry later: 503, not 500", () => {
    expect(row("DATA_DIR unwritable during upload").notes).toMatch(/^answers: 3x 503 storage_unwritable;/);
    const full = row("DATA_DIR full during upload");
    if (!full.notes.startsWith("skipped")) expect(full.notes).toMatch(/^answers: 3x 503 storage_full;/);
  });
});
