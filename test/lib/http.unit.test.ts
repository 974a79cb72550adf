import { describe, expect, it } from "vitest";
import { jsonError } from "@/lib/http";

describe("jsonError", () => {
  it("builds the API error body with status and extra fields", async () => {
    const res = jsonError(422, "INVALID_RESULTS", "Line 3: score must be a number.", {
      problems: [{ path: "[2].score", message: "not a number" }],
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual({
      error: {
        code: "INVALID_RESULTS",
        message: "Line 3: score must be a number.",
        problems: [{ path: "[2].score", message: "not a number" }],
      },
    });
  });

  it("never lets extra fields override code or message", async () => {
    const res = jsonError(404, "NOT_FOUND", "No such challenge.", { code: "X", message: "Y" });
    expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "No such challenge." } });
  });
});
