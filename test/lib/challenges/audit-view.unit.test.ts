import { describe, expect, it } from "vitest";
import { auditDetails, describeAudit } from "@/lib/challenges/audit-view";

describe("the audit log in words", () => {
  it("names the actor and the target instead of ids, and the action in plain words next to its code", () => {
    const [line] = describeAudit(
      [
        {
          id: "a1",
          at: new Date("2026-01-02T03:04:00Z"),
          action: "phase.releasePrivate",
          actor: { name: "Olga", email: "olga@example.org" },
          targetType: "Phase",
          targetId: "ph_1",
          data: { override: true, phaseOpen: true },
        },
      ],
      new Map([["ph_1", "phase Test"]]),
    );
    expect(line).toMatchObject({
      who: "Olga (olga@example.org)",
      what: "Released the private split",
      action: "phase.releasePrivate",
      target: "phase Test",
      details: ["override: done while the phase was open"],
    });
  });

  it("turns recorded data into short readable lines (numbers tidied, hashes shortened, ranges by name)", () => {
    const lines = auditDetails({
      version: 2,
      protocol: { iouThresholds: [0.5, 0.8999999999999999], areaRanges: [{ name: "all", range: [0, 1e10] }] },
      sha256: "a".repeat(64),
    });
    expect(lines).toEqual(["version: 2", "protocol: IoU thresholds 0.5, 0.9; areaRanges all", `sha256: ${"a".repeat(12)}…`]);
  });
});
