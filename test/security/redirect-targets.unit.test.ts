// Redirect targets from requests (callbackUrl, the organizer forms' `back`) stay on this site.
import { describe, expect, it } from "vitest";
import { sameSitePath, sameSiteTarget } from "@/lib/same-site-path";

describe("sameSitePath", () => {
  it.each(["/c/demo/manage", "/c/demo/manage/phases/test?tab=split&ok=1", "/signin#top", "/"])("keeps %s", (path) => {
    expect(sameSitePath(path, "/fallback")).toBe(path);
  });

  it.each([
    "https://evil.example/",
    "http://localhost:3000.evil.example/",
    "//evil.example/x",
    "/\\evil.example",
    "/\t/evil.example",
    "\n/evil",
    "javascript:alert(1)",
    "c/demo",
    "",
  ])("refuses %j", (value) => {
    expect(sameSitePath(value, "/fallback")).toBe("/fallback");
  });

  it("takes the first of repeated values and treats a missing one as the fallback", () => {
    expect(sameSitePath(["/a", "https://evil.example"], "/f")).toBe("/a");
    expect(sameSitePath(undefined, "/f")).toBe("/f");
    expect(sameSitePath(null)).toBe("/");
  });
});

describe("sameSiteTarget (next-auth's callbackUrl)", () => {
  const origin = "http://localhost:3000";
  it("keeps same-site paths and absolute URLs of this origin", () => {
    expect(sameSiteTarget("/teams", origin)).toBe("/teams");
    expect(sameSiteTarget("http://localhost:3000/c/demo", origin)).toBe("http://localhost:3000/c/demo");
  });
  it.each(["http://localhost:3000.evil.example/", "http://localhost:3001/", "https://evil.example", "//evil.example", "x"])(
    "refuses %s",
    (v) => {
      expect(sameSiteTarget(v, origin)).toBeNull();
    },
  );
});
