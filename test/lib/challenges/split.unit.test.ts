import { describe, expect, it } from "vitest";
import { classCountsBySplit, listSplit, percentSplit, SplitError } from "@/lib/challenges/split";

/** 60 images; class 1 everywhere, class 2 in 10 images, class 3 in exactly two, class 4 in one; a crowd region. */
function fixture() {
  const imageIds = Array.from({ length: 60 }, (_, i) => 1000 + i * 3);
  const annotations = imageIds.flatMap((id, i) => {
    const anns = [{ image_id: id, category_id: 1 }];
    if (i % 6 === 0) anns.push({ image_id: id, category_id: 2 }, { image_id: id, category_id: 2 });
    if (i === 17 || i === 18) anns.push({ image_id: id, category_id: 3 });
    if (i === 40) anns.push({ image_id: id, category_id: 4 });
    return anns;
  });
  annotations.push({ image_id: imageIds[5], category_id: 2, iscrowd: 1 } as never);
  return { imageIds, annotations };
}

describe("percentSplit", () => {
  it("is deterministic: the same seed gives the same split, whatever the input order", () => {
    const { imageIds, annotations } = fixture();
    const a = percentSplit(imageIds, annotations, 50, 7);
    const b = percentSplit([...imageIds].reverse(), [...annotations].reverse(), 50, 7);
    expect(b).toEqual(a);
    const c = percentSplit(imageIds, annotations, 50, 8);
    expect(c.publicIds).not.toEqual(a.publicIds);
  });

  it("has exactly the requested share of public images and covers every image once", () => {
    const { imageIds, annotations } = fixture();
    for (const percent of [1, 10, 33, 50, 90]) {
      const s = percentSplit(imageIds, annotations, percent, 3);
      expect(s.publicIds.length).toBe(Math.round((60 * percent) / 100));
      expect(new Set([...s.publicIds, ...s.privateIds])).toEqual(new Set(imageIds));
      expect(s.publicIds.length + s.privateIds.length).toBe(60);
    }
  });

  it("is stratified: every class in two or more images appears in both splits, for many seeds", () => {
    const { imageIds, annotations } = fixture();
    for (let seed = 0; seed < 50; seed++) {
      const s = percentSplit(imageIds, annotations, 50, seed);
      const counts = classCountsBySplit([1, 2, 3, 4], annotations, s);
      for (const c of counts.filter((c) => c.categoryId !== 4)) {
        expect(c.publicCount, `class ${c.categoryId} seed ${seed}`).toBeGreaterThan(0);
        expect(c.privateCount, `class ${c.categoryId} seed ${seed}`).toBeGreaterThan(0);
      }
      const c4 = counts.find((c) => c.categoryId === 4)!;
      expect(c4.publicCount + c4.privateCount).toBe(1);
    }
  });

  it("100% means no private split", () => {
    const { imageIds, annotations } = fixture();
    const s = percentSplit(imageIds, annotations, 100, 1);
    expect(s.privateIds).toEqual([]);
    expect(s.publicIds).toHaveLength(60);
  });

  it("rejects a percentage out of range", () => {
    expect(() => percentSplit([1, 2], [], 0, 1)).toThrow(SplitError);
    expect(() => percentSplit([1, 2], [], 101, 1)).toThrow(/1 to 100/);
  });
});

describe("classCountsBySplit", () => {
  it("counts instances per split, crowd regions excluded", () => {
    const { imageIds, annotations } = fixture();
    const s = percentSplit(imageIds, annotations, 50, 7);
    const counts = classCountsBySplit([1, 2, 3, 4], annotations, s);
    expect(counts.find((c) => c.categoryId === 1)).toMatchObject({ instanceCount: 60, publicCount: 30, privateCount: 30 });
    expect(counts.find((c) => c.categoryId === 2)!.instanceCount).toBe(20);
  });
});

describe("listSplit", () => {
  it("makes the listed images public and the rest private", () => {
    expect(listSplit([1, 2, 3, 4], [3, 1])).toEqual({ publicIds: [1, 3], privateIds: [2, 4] });
  });
  it("names unknown ids", () => {
    expect(() => listSplit([1, 2], [2, 9, 11])).toThrow(/2 image id\(s\) not in the ground truth: 9, 11/);
  });
});
