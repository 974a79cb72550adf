// The one error hierarchy: every refusal of lib/ reports its status, code, problems and fault through
// errorReport, and every consumer (API, forms, CLI, worker) reads that one table.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { apiErrorResponse } from "@/lib/auth/api-error-response";
import { AuthError } from "@/lib/auth/errors";
import { InputError } from "@/lib/auth/input-error";
import { RateLimitedError } from "@/lib/auth/rate-limit";
import { SignUpError } from "@/lib/auth/users";
import { describeError } from "@/lib/challenges/describe-error";
import { ChallengeError } from "@/lib/challenges/errors";
import { ProtocolError } from "@/lib/challenges/protocol";
import { SplitError } from "@/lib/challenges/split";
import { CocoValidationError } from "@/lib/coco";
import { AppError, errorReport, isDatabaseUnavailable, oneLine } from "@/lib/errors";
import {
  EvalInputError,
  InvalidEvalParamsError,
  InvalidGroundTruthError,
  InvalidPolygonError,
  InvalidResultsError,
  InvalidRleError,
} from "@/lib/eval";
import { FinalSelectionError } from "@/lib/leaderboard/team-submissions";
import { InvalidJsonBodyError, RequestBodyTooLargeError } from "@/lib/request-body";
import { ScoringUserError } from "@/lib/scoring/errors";
import { FileTooLargeError } from "@/lib/storage";
import { SubmissionError } from "@/lib/submissions/errors";

describe("errorReport (the one table)", () => {
  it("gives every refusal of lib/ its status, code and the user's fault", () => {
    const cases: [unknown, number, string][] = [
      [new AuthError(403, "forbidden", "no"), 403, "forbidden"],
      [new InputError(409, "conflict", "taken"), 409, "conflict"],
      [new SignUpError("email_taken", [{ path: "email", message: "taken" }]), 409, "email_taken"],
      [new RateLimitedError("slow down", 30), 429, "rate_limited"],
      [new ChallengeError(422, "invalid_definition", "bad"), 422, "invalid_definition"],
      [new ProtocolError("iouThresholds must rise", ["iouThresholds"]), 400, "invalid_protocol"],
      [new SplitError("bad split"), 422, "invalid_split"],
      [new FinalSelectionError("closed"), 422, "invalid_final_selection"],
      [CocoValidationError.single("not_json", "not JSON"), 400, "not_json"],
      [CocoValidationError.single("too_large", "expands past the limit"), 413, "too_large"],
      [new RequestBodyTooLargeError(1024), 413, "body_too_large"],
      [new InvalidJsonBodyError("unexpected end"), 400, "invalid_json"],
      [new FileTooLargeError(10), 413, "file_too_large"],
      [new SubmissionError(429, "quota_exceeded", "quota", { limit: 3 }), 429, "quota_exceeded"],
      [new ScoringUserError("invalid_results", "bad file"), 422, "invalid_results"],
    ];
    for (const [err, status, code] of cases) {
      expect(err, String(code)).toBeInstanceOf(AppError);
      expect(errorReport(err), code).toMatchObject({ status, code, fault: "user" });
    }
  });

  it("maps lib/eval's input errors (one base, EvalInputError) to 400, the user's fault", () => {
    const cases: [EvalInputError, string][] = [
      [new InvalidEvalParamsError("maxDets[0]: 0 is not a positive integer", "maxDets[0]"), "invalid_params"],
      [new InvalidResultsError("results[3].image_id 9 is not an image"), "invalid_results"],
      [new InvalidGroundTruthError("annotation 4 has no image"), "invalid_ground_truth"],
      [new InvalidRleError("RLE counts string is truncated"), "invalid_rle"],
      [new InvalidPolygonError("polygon vertex 0 is out of range"), "invalid_polygon"],
    ];
    for (const [err, code] of cases) {
      expect(err).toBeInstanceOf(EvalInputError);
      const report = errorReport(err);
      expect(report).toMatchObject({ status: 400, code, fault: "user", message: err.message });
      expect(report.problems[0].message).toBe(err.message);
    }
    expect(errorReport(new InvalidEvalParamsError("bad", "maxDets[0]")).problems).toEqual([{ path: "maxDets[0]", message: "bad" }]);
  });

  it("reads the fault from the status: 503 is infrastructure, other 5xx a bug, unknown errors hidden", () => {
    expect(new AppError({ status: 503, code: "database_unavailable", message: "down" }).fault).toBe("infrastructure");
    expect(new AppError({ status: 500, code: "broken", message: "bug" }).fault).toBe("server");
    const hidden = errorReport(Object.assign(new Error("ENOENT: open '/srv/data/x'"), { code: "ENOENT", status: 404 }));
    expect(hidden).toMatchObject({ status: 500, code: "internal_error", fault: "server" });
    expect(hidden.message).not.toMatch(/srv|ENOENT/);
  });

  it("turns zod errors into 400 problems with bracketed paths", () => {
    const parsed = z.object({ phases: z.array(z.object({ name: z.string() })) }).safeParse({ phases: [{ name: 1 }] });
    const report = errorReport(parsed.error);
    expect(report).toMatchObject({ status: 400, code: "invalid_request", fault: "user" });
    expect(report.problems[0].path).toBe("phases[0].name");
  });

  it("says on one line what the message does not already say", () => {
    const err = new ChallengeError(422, "invalid_definition", "c.yaml is not valid:", [
      { path: "slug", message: "too short" },
      { path: "phases", message: "empty" },
    ]);
    expect(oneLine(errorReport(err))).toBe("c.yaml is not valid: slug: too short; phases: empty");
    expect(oneLine(errorReport(new ProtocolError("iouThresholds must rise", ["iouThresholds"])))).toBe("iouThresholds must rise");
  });
});

describe("consumers of the table", () => {
  it("apiErrorResponse sends status, code, problems, details and Retry-After", async () => {
    const quota = apiErrorResponse(new SubmissionError(429, "quota_exceeded", "quota used", { limit: 3 }, { "Retry-After": "60" }));
    expect(quota.status).toBe(429);
    expect(quota.headers.get("Retry-After")).toBe("60");
    expect((await quota.json()).error).toMatchObject({ code: "quota_exceeded", message: "quota used", limit: 3 });

    const limited = apiErrorResponse(new RateLimitedError("slow down", 30));
    expect(limited.headers.get("Retry-After")).toBe("30");

    const rle = apiErrorResponse(new InvalidRleError("results[2].segmentation: truncated", "results[2].segmentation"));
    expect(rle.status).toBe(400);
    expect((await rle.json()).error).toMatchObject({ code: "invalid_rle", problems: [{ path: "results[2].segmentation" }], total: 1 });

    const unauthenticated = apiErrorResponse(new AuthError(401, "unauthenticated", "sign in"));
    expect(unauthenticated.headers.get("WWW-Authenticate")).toMatch(/Bearer/);
  });

  it("describeError (organizer forms) shows refusals, lib/eval's included, and hides the rest", () => {
    expect(describeError(new InvalidPolygonError("polygon vertex 0 is out of range"))).toBe("polygon vertex 0 is out of range");
    expect(describeError(new Error("connect ECONNREFUSED 127.0.0.1:5432"))).toMatch(/went wrong on our side/);
  });
});

describe("outages of our own dependencies", () => {
  // As Prisma 7 reports them through the pg driver adapter (seen against a stopped cluster).
  const unreachable = Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
    code: "P1001",
    meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable" } } },
  });
  const shutDown = Object.assign(
    new Error("Database error. Code: `57P01`. Message: `terminating connection due to administrator command`"),
    {
      code: "P2039",
      meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "postgres", code: "57P01" } } },
    },
  );
  const fsError = (code: string) => Object.assign(new Error(`${code}: cannot write '/data/tmp/x.part'`), { code });

  it("reads the database down or restarting as 503 with Retry-After, the cause chain included", async () => {
    expect(isDatabaseUnavailable(unreachable)).toBe(true);
    expect(isDatabaseUnavailable(shutDown)).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: fsError("ECONNREFUSED") }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("unique constraint"), { code: "P2002" }))).toBe(false);
    const response = apiErrorResponse(unreachable);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("30");
    const body = (await response.json()).error;
    expect(body).toMatchObject({ code: "database_unavailable", retryAfterSeconds: 30 });
    expect(body.message).not.toMatch(/127\.0\.0\.1/);
    expect(errorReport(shutDown)).toMatchObject({ status: 503, fault: "infrastructure" });
  });

  it("reads a full, read-only or unwritable disk as 503 storage_full / _read_only / _unwritable, without the path", () => {
    expect(errorReport(fsError("ENOSPC"))).toMatchObject({ status: 503, code: "storage_full", retryAfterSeconds: 30 });
    expect(errorReport(fsError("EDQUOT"))).toMatchObject({ status: 503, code: "storage_full" });
    expect(errorReport(fsError("EROFS"))).toMatchObject({ status: 503, code: "storage_read_only" });
    expect(errorReport(fsError("EROFS")).message).not.toMatch(/\/data/);
    for (const code of ["EACCES", "EPERM", "ENOTDIR"])
      expect(errorReport(fsError(code))).toMatchObject({ status: 503, code: "storage_unwritable", retryAfterSeconds: 30 });
    expect(errorReport(fsError("ENOTDIR")).message).toMatch(/^File storage is not writable right now/);
    expect(errorReport(fsError("ENOENT"))).toMatchObject({ status: 500, code: "internal_error" });
  });
});
