import { describe, expect, it } from "vitest";
import { cellTitle, classRowsBodyHtml, matrixBodyHtml, type MatrixColumn } from "@/app/_components/leaderboard/matrix-body";
import { filterClasses } from "@/app/_components/leaderboard/class-filter";
import { heatClass } from "@/app/_components/leaderboard/cividis";
import type { CategoryInfo, MatrixRow } from "@/lib/leaderboard";

const row = (name: string, cells: (number | null)[], extra: Partial<MatrixRow> = {}): MatrixRow => ({
  rank: 1,
  submissionId: "sub/1",
  team: { id: "t1", name, slug: "t" },
  isBaseline: false,
  primary: 0.5,
  cells,
  ...extra,
});

const category = (cocoId: number, name: string, gtInSplit = 5, supercategory = "thing"): CategoryInfo => ({
  id: `cat-${cocoId}`,
  cocoId,
  name,
  supercategory,
  gtInSplit,
});
const columnsOf = (categories: CategoryInfo[]): MatrixColumn[] => categories.map((c, index) => ({ category: c, index }));

describe("heatmap rows rendered as HTML", () => {
  it("escapes team names and ids (the string bypasses React's escaping)", () => {
    const html = matrixBodyHtml(
      [row(`<img src=x onerror="alert(1)">&`, [0.5])],
      "my slug",
      columnsOf([category(1, "a")]),
      () => true,
      "public",
    );
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;");
    expect(html).toContain('href="/c/my%20slug/submissions/sub%2F1"');
  });

  it("prints AP x 100 with a colour class and a tooltip, a dash for undefined, and no link when not allowed", () => {
    const cols = columnsOf([category(1, "car", 12), category(2, "zebra", 0), category(3, "bus", 1)]);
    const html = matrixBodyHtml([row("A", [0.123, null, 1], { rank: null, isBaseline: true })], "s", cols, () => false, "public");
    expect(html).toContain(`<td class="${heatClass(0.123)}" title="A · car: AP 0.123 · 12 GT instances">12.3</td>`);
    expect(html).toContain('<td title="A · zebra: no ground truth in the public split (AP undefined)">—</td>');
    expect(html).toContain('<td class="h19" title="A · bus: AP 1.000 · 1 GT instance">100.0</td>');
    expect(html).toContain('<tr class="mb-baseline"><td>—</td>');
    expect(html).not.toContain("<a ");
    expect(heatClass(0)).toBe("h0");
  });

  it("renders only the filtered columns, each with its own AP", () => {
    const cols = columnsOf([category(1, "car"), category(2, "bus"), category(3, "truck")]).filter((c) => c.category.name !== "bus");
    const html = matrixBodyHtml([row("A", [0.1, 0.2, 0.3])], "s", cols, () => false, "public");
    expect(html).toContain(">10.0</td>");
    expect(html).toContain(">30.0</td>");
    expect(html).not.toContain(">20.0</td>");
  });

  it("says so when there are no rows", () => {
    expect(matrixBodyHtml([], "s", columnsOf(Array.from({ length: 80 }, (_, i) => category(i, `c${i}`))), () => true, "public")).toContain(
      'colspan="82"',
    );
  });

  it("turns the matrix a quarter: one row per class with its GT count, mean, and a cell per team", () => {
    const cols = columnsOf([category(1, "car", 12), category(2, "<b>", 0)]);
    const html = classRowsBodyHtml([row("A", [0.5, null]), row("B", [0.25, null], { submissionId: "s2" })], cols, [0.375, null], "private");
    expect(html).toContain('<tr><th scope="row" class="mb-left">car</th><td>12</td>');
    expect(html).toContain(">37.5</td>");
    expect(html).toContain('title="B · car: AP 0.250 · 12 GT instances">25.0</td>');
    expect(html).toContain("&lt;b&gt;");
    expect(html).toContain('title="A · &lt;b&gt;: no ground truth in the private split (AP undefined)">—</td>');
    expect(classRowsBodyHtml([row("A", [])], [], [], "public")).toContain("No class matches");
  });

  it("words a tooltip for one instance and for many", () => {
    expect(cellTitle("T", category(1, "car", 1), 0.5, "public")).toBe("T · car: AP 0.500 · 1 GT instance");
    expect(cellTitle("T", category(1, "car", 3), 0, "public")).toBe("T · car: AP 0.000 · 3 GT instances");
    expect(cellTitle("T", category(1, "car", 3), 0.5, "public", { level: 0.9, low: 0.41, high: 0.6 })).toBe(
      "T · car: AP 0.500 · 90% interval 0.410–0.600 · 3 GT instances",
    );
  });
});

describe("class filter", () => {
  const categories = [
    category(1, "person", 5, "person"),
    category(3, "car", 5, "vehicle"),
    category(6, "bus", 5, "vehicle"),
    category(17, "cat", 5, "animal"),
  ];

  it("keeps every class for an empty query, with each class's index into the row cells", () => {
    expect(filterClasses(categories, " ").map((c) => c.index)).toEqual([0, 1, 2, 3]);
  });

  it("matches a name or a supercategory, case-insensitively, and any of comma-separated terms", () => {
    expect(filterClasses(categories, "CA").map((c) => c.category.name)).toEqual(["car", "cat"]);
    expect(filterClasses(categories, "vehicle").map((c) => [c.category.name, c.index])).toEqual([
      ["car", 1],
      ["bus", 2],
    ]);
    expect(filterClasses(categories, "person, bus").map((c) => c.category.name)).toEqual(["person", "bus"]);
    expect(filterClasses(categories, "zebra")).toEqual([]);
  });
});
