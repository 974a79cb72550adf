import { describe, expect, it } from "vitest";
import { slugCandidate, slugify, teamNameProblem } from "@/lib/teams/slug";

describe("team slugs", () => {
  it.each([
    ["Team Rocket (Berlin)!", "team-rocket-berlin"],
    ["  Ça   marche ", "ca-marche"],
    ["Mask-RCNN ++ v2", "mask-rcnn-v2"],
  ])("%j -> %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("count up when taken, stay within 40 characters and avoid route names", () => {
    expect([0, 1, 2].map((i) => slugCandidate("pixels", i))).toEqual(["pixels", "pixels-2", "pixels-3"]);
    const long = slugify("x".repeat(80));
    expect(long).toHaveLength(40);
    expect(slugCandidate(long, 11)).toMatch(/^x{37}-12$/);
    expect(slugCandidate("join", 0)).toBe("join-2");
  });

  it("need a usable name", () => {
    expect(teamNameProblem("!!!")).toMatch(/two letters or digits/);
    expect(teamNameProblem("a")).toMatch(/at least 2/);
    expect(teamNameProblem("Ok Team")).toBeNull();
  });
});
