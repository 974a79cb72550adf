import { describe, expect, it } from "vitest";
import {
  filterByFrequency,
  filterMatrixByFrequency,
  frequencyCounts,
  frequencyFilterSchema,
  groupByFrequency,
  hasFrequencies,
  type CategoryInfo,
  type ClassMatrix,
} from "@/lib/leaderboard";
import { leaderboardQuerySchema } from "@/lib/api/request-schemas";

const cat = (cocoId: number, frequency: string | null): CategoryInfo => ({
  id: `cat-${cocoId}`,
  cocoId,
  name: `class ${cocoId}`,
  supercategory: "thing",
  gtInSplit: 5,
  frequency,
});

const lvis = [cat(1, "f"), cat(2, "r"), cat(3, "c"), cat(4, "r"), cat(5, "f"), cat(6, "f")];

describe("LVIS frequency groups on the per-class leaderboard", () => {
  it("counts the classes of each group and in all", () => {
    expect(frequencyCounts(lvis)).toEqual({ r: 2, c: 1, f: 3, all: 6 });
    expect(hasFrequencies(lvis)).toBe(true);
    expect(hasFrequencies([cat(1, null), { ...cat(2, null), frequency: undefined }])).toBe(false);
  });

  it("filters to one group keeping the order, and keeps everything for all", () => {
    expect(filterByFrequency(lvis, "r", (c) => c).map((c) => c.cocoId)).toEqual([2, 4]);
    expect(filterByFrequency(lvis, "f", (c) => c).map((c) => c.cocoId)).toEqual([1, 5, 6]);
    expect(filterByFrequency(lvis, "all", (c) => c).map((c) => c.cocoId)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("groups into sections r, c, f then ungrouped, leaving empty groups out", () => {
    const sections = groupByFrequency([...lvis, cat(7, null)], (c) => c);
    expect(sections.map((s) => [s.frequency, s.items.map((c) => c.cocoId)])).toEqual([
      ["r", [2, 4]],
      ["c", [3]],
      ["f", [1, 5, 6]],
      [null, [7]],
    ]);
    expect(groupByFrequency([cat(1, "f")], (c) => c).map((s) => s.frequency)).toEqual(["f"]);
  });

  it("restricts a matrix's classes, cells and means to one group", () => {
    const matrix: ClassMatrix = {
      categories: lvis,
      means: [0.1, 0.2, 0.3, 0.4, 0.5, null],
      rows: [
        {
          rank: 1,
          submissionId: "s1",
          team: { id: "t", name: "T", slug: "t" },
          isBaseline: false,
          primary: 0.5,
          cells: [1, 2, 3, 4, 5, 6],
        },
      ],
      totalRows: 1,
    };
    const rare = filterMatrixByFrequency(matrix, "r");
    expect(rare.categories.map((c) => c.cocoId)).toEqual([2, 4]);
    expect(rare.means).toEqual([0.2, 0.4]);
    expect(rare.rows[0].cells).toEqual([2, 4]);
    expect(rare.totalRows).toBe(1);
    expect(filterMatrixByFrequency(matrix, "all")).toBe(matrix);
  });

  it("validates ?frequency= with zod: the page falls back to all, the API refuses", () => {
    expect(frequencyFilterSchema.parse("c")).toBe("c");
    expect(frequencyFilterSchema.parse(undefined)).toBe("all");
    expect(frequencyFilterSchema.parse("x")).toBe("all");
    expect(leaderboardQuerySchema.parse({ view: "classes", frequency: "r" }).frequency).toBe("r");
    expect(leaderboardQuerySchema.parse({}).frequency).toBe("all");
    expect(leaderboardQuerySchema.safeParse({ frequency: "rare" }).success).toBe(false);
  });
});
