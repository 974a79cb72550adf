import { describe, expect, it } from "vitest";
import { parseSort, sortRows } from "@/lib/leaderboard/sort";
import { csvField, leaderboardCsv, leaderboardRowJson } from "@/lib/leaderboard/serialize";
import { metricsFromRow, formatMetric, type MetricKey } from "@/lib/leaderboard/metrics";
import type { LeaderboardRow } from "@/lib/leaderboard/types";

function row(rank: number | null, name: string, ap: number, apSmall: number): LeaderboardRow {
  const base = Object.fromEntries(
    ["ap", "ap50", "ap75", "apSmall", "apMedium", "apLarge", "ar1", "ar10", "ar100", "arSmall", "arMedium", "arLarge"].map((k) => [k, 0.5]),
  ) as Record<MetricKey, number>;
  return {
    rank,
    move: null,
    submissionId: `sub-${name}`,
    team: { id: name, name, slug: name },
    isBaseline: rank === null,
    primary: ap,
    metrics: metricsFromRow({ ...base, ap, apSmall }),
    entries: 1,
    submittedAt: new Date("2026-01-01T00:00:00Z"),
    ci: rank === 1 ? { level: 0.95, low: ap - 0.05, high: ap + 0.05 } : null,
    rankGroup: rank === null ? null : rank,
  };
}

describe("sorting", () => {
  const rows = [row(1, "Zeta", 0.9, -1), row(null, "Baseline", 0.8, 0.7), row(2, "alpha", 0.5, 0.2)];

  it("parses ?sort and ?dir with natural directions and falls back to rank", () => {
    expect(parseSort("ap", undefined)).toEqual({ column: "ap", direction: "desc" });
    expect(parseSort("team", undefined)).toEqual({ column: "team", direction: "asc" });
    expect(parseSort("drop table", "sideways")).toEqual({ column: "rank", direction: "asc" });
  });

  it("sorts by any column, undefined values last, without changing ranks", () => {
    expect(sortRows(rows, { column: "team", direction: "asc" }).map((r) => r.team.name)).toEqual(["alpha", "Baseline", "Zeta"]);
    expect(sortRows(rows, { column: "apSmall", direction: "desc" }).map((r) => r.team.name)).toEqual(["Baseline", "alpha", "Zeta"]);
    expect(sortRows(rows, { column: "apSmall", direction: "asc" }).map((r) => r.team.name)).toEqual(["alpha", "Baseline", "Zeta"]);
    expect(sortRows(rows, { column: "rank", direction: "desc" }).map((r) => r.rank)).toEqual([2, 1, null]);
  });
});

describe("serialization", () => {
  it("shows undefined metrics as an em dash and null, never 0", () => {
    const r = row(1, "Zeta", 0.9, -1);
    expect(formatMetric(r.metrics.apSmall)).toBe("—");
    expect(leaderboardRowJson(r, false).apSmall).toBeNull();
    expect(formatMetric(0)).toBe("0.000");
  });

  it("writes a CSV with a header row, quoting and defusing formulas", () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField("=HYPERLINK()")).toBe("'=HYPERLINK()");
    const text = leaderboardCsv([row(1, "Team, Inc", 0.9, -1)], true);
    const [header, line] = text.trim().split("\r\n");
    expect(header.split(",").slice(0, 4)).toEqual(["rank", "move", "team", "team_slug"]);
    expect(line.startsWith('1,,"Team, Inc",')).toBe(true);
    expect(line.split(",")).toContain("0.9");
    expect(header.split(",").slice(-4)).toEqual(["ci_level", "ci_low", "ci_high", "rank_group"]);
    expect(line.split(",").slice(-4).map(Number)).toEqual([0.95, 0.9 - 0.05, 0.9 + 0.05, 1]);
    const pending = leaderboardCsv([row(null, "Baseline", 0.5, 0.5)], false)
      .trim()
      .split("\r\n")[1];
    expect(pending.split(",").slice(-4)).toEqual(["", "", "", ""]);
  });

  it("carries the interval and the tied rank group in the JSON row", () => {
    expect(leaderboardRowJson(row(1, "Zeta", 0.9, 0.5), false)).toMatchObject({
      ci: { level: 0.95, low: 0.9 - 0.05, high: 0.9 + 0.05 },
      rankGroup: 1,
    });
    expect(leaderboardRowJson(row(null, "Baseline", 0.8, 0.7), false)).toMatchObject({ ci: null, rankGroup: null });
  });
});

describe("an LVIS or mIoU board's extra columns", () => {
  const lvisRow = (): LeaderboardRow => {
    const r = row(1, "Zeta", 0.4, 0.2);
    return {
      ...r,
      metrics: metricsFromRow({ ...r.metrics, ar10: -1, ar100: -1, apRare: 0.1, apCommon: -1, apFrequent: 0.5, miou: null } as never),
    };
  };

  it("come into the JSON and CSV only when the protocol defines them, undefined as null", () => {
    const r = lvisRow();
    expect(r.metrics).toMatchObject({ apRare: 0.1, apCommon: null, apFrequent: 0.5 });
    expect("miou" in r.metrics).toBe(false); // not computed: no key at all
    const json = leaderboardRowJson(r, false, ["apRare", "apCommon", "apFrequent"]);
    expect(json).toMatchObject({ apRare: 0.1, apCommon: null, apFrequent: 0.5 });
    expect("apRare" in leaderboardRowJson(r, false)).toBe(false);
    const [header, line] = leaderboardCsv([r], false, ["apRare", "apCommon", "apFrequent", "miou"]).trim().split("\r\n");
    const cells = Object.fromEntries(header.split(",").map((h, i) => [h, line.split(",")[i]]));
    expect(cells).toMatchObject({ ap_rare: "0.1", ap_common: "", ap_frequent: "0.5", miou: "" });
    expect(leaderboardCsv([r], false).split("\r\n")[0]).not.toContain("ap_rare");
  });

  it("sort, undefined last", () => {
    const a = lvisRow();
    const b = { ...lvisRow(), submissionId: "b", team: { id: "b", name: "b", slug: "b" }, metrics: { ...lvisRow().metrics, apRare: 0.3 } };
    expect(parseSort("apRare", undefined)).toEqual({ column: "apRare", direction: "desc" });
    expect(sortRows([a, b], { column: "apRare", direction: "desc" }).map((r) => r.submissionId)).toEqual(["b", a.submissionId]);
  });
});
