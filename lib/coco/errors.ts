import "server-only";
import { AppError, type Problem } from "@/lib/errors";

export type CocoProblem = Problem;

export type CocoErrorCode =
  | "not_json"
  | "not_array"
  | "not_object"
  | "empty"
  | "too_large"
  | "token_too_long"
  | "work_budget"
  | "bad_archive"
  | "invalid_results"
  | "invalid_ground_truth";

/**
 * A COCO file that cannot be used as given. `problems` holds the first few specific findings
 * (where + what + how to fix); `total` counts all of them so a user knows how much is wrong.
 */
export class CocoValidationError extends AppError {
  declare readonly code: CocoErrorCode;

  constructor(code: CocoErrorCode, problems: CocoProblem[], total = problems.length, headline?: string) {
    // A file that expands past the limit is refused for its size (413), one whose polygons would cost more
    // to rasterise than its work budget for what it costs (422); every other problem is its content (400).
    super({
      status: code === "too_large" ? 413 : code === "work_budget" ? 422 : 400,
      code,
      message: CocoValidationError.describe(headline, problems, total),
      problems,
      total,
    });
  }

  /** An error about the file as a whole (not JSON, wrong top level, too large...). */
  static single(code: CocoErrorCode, message: string, path = ""): CocoValidationError {
    return new CocoValidationError(code, [{ path, message }], 1);
  }

  private static describe(headline: string | undefined, problems: CocoProblem[], total: number): string {
    if (problems.length === 1 && total === 1 && !headline) return problems[0].message;
    const lines = problems.map((p) => `  - ${p.message}`);
    if (total > problems.length) lines.push(`  ... and ${total - problems.length} more problem(s)`);
    return `${headline ?? `${total} problem(s) found`}:\n${lines.join("\n")}`;
  }
}

/** How many problems a refused file lists (with the total count): the same for upload checks and the worker. */
export const MAX_LISTED_PROBLEMS = 20;

/**
 * Collects problems up to a limit while still counting every one. A mistake repeated on every
 * detection is listed a few times only, so the list also shows the other kinds of mistakes.
 */
export class ProblemList {
  readonly problems: CocoProblem[] = [];
  total = 0;
  private readonly perKind = new Map<string, number>();

  constructor(
    private readonly limit = MAX_LISTED_PROBLEMS,
    private readonly examplesPerKind = 3,
  ) {}

  add(path: string, message: string): void {
    this.total++;
    if (this.problems.length >= this.limit) return;
    const kind = path.replace(/\[\d+\]/g, "[]");
    const seen = this.perKind.get(kind) ?? 0;
    if (seen >= this.examplesPerKind) return;
    this.perKind.set(kind, seen + 1);
    this.problems.push({ path, message });
  }

  throwIfAny(code: CocoErrorCode, headline: string): void {
    if (this.total > 0) throw new CocoValidationError(code, this.problems, this.total, headline);
  }
}
