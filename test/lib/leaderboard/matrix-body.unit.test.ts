import { describe, expect, it } from "vitest";
import { matrixBodyHtml } from "@/app/_components/leaderboard/matrix-body";
import { heatClass } from "@/app/_components/leaderboard/cividis";
import type { MatrixRow } from "@/lib/leaderboard";

const row = (name: string, cells: (number | null)[], extra: Partial<MatrixRow> = {}): MatrixRow => ({
  rank: 1,
  submissionId: "sub/1",
  team: { id: "t1", name, slug: "t" },
  isBaseline: false,
  primary: 0.5,
  cells,
  ...extra,
});

describe("heatmap rows rendered as HTML", () => {
  it("escapes team names and ids (the string bypasses React's escaping)", () => {
    const html = matrixBodyHtml([row(`<img src=x onerror="alert(1)">&`, [0.5])], "my slug", 1, () => true);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;");
    expect(html).toContain('href="/c/my%20slug/submissions/sub%2F1"');
  });

  it("prints AP x 100 with a colour class, a dash for undefined, and no link when not allowed", () => {
    const html = matrixBodyHtml([row("A", [0.123, null, 1], { rank: null, isBaseline: true })], "s", 3, () => false);
    expect(html).toContain(`<td class="${heatClass(0.123)}">12.3</td><td>—</td><td class="h19">100.0</td>`);
    expect(html).toContain('<tr class="mb-baseline"><td>—</td>');
    expect(html).not.toContain("<a ");
    expect(heatClass(0)).toBe("h0");
  });

  it("says so when there are no rows", () => {
    expect(matrixBodyHtml([], "s", 80, () => true)).toContain('colspan="82"');
  });
});
