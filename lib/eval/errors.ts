// The evaluator's input errors: one base, so that callers map every refusal of lib/eval alike.
// lib/eval imports nothing outside itself; lib/errors reads these fields (code, problems, fault) and
// gives them their HTTP status.

/** One specific finding: where (a JSON path such as "results[3].segmentation"), what, and how to fix it. */
export type EvalProblem = { path: string; message: string; hint?: string };

/**
 * Input the evaluator cannot use as given (a bad protocol, results file, ground truth, RLE or
 * polygon). Always the user's fault: retrying cannot help. `code` is stable for API clients.
 */
export class EvalInputError extends Error {
  readonly fault = "user" as const;
  readonly problems: EvalProblem[];

  constructor(
    readonly code: string,
    message: string,
    problems?: EvalProblem[],
  ) {
    super(message);
    this.name = "EvalInputError";
    this.problems = problems ?? [{ path: "", message }];
  }
}

/** A protocol (EvalParams) field that is out of range or contradicts another. */
export class InvalidEvalParamsError extends EvalInputError {
  constructor(message: string, path = "") {
    super("invalid_params", message, [{ path, message }]);
    this.name = "InvalidEvalParamsError";
  }
}

/** A results file that COCO.loadRes cannot take (unknown image, missing field...). */
export class InvalidResultsError extends EvalInputError {
  constructor(message: string, path = "") {
    super("invalid_results", message, [{ path, message }]);
    this.name = "InvalidResultsError";
  }
}

/** A ground truth the evaluator cannot prepare. */
export class InvalidGroundTruthError extends EvalInputError {
  constructor(message: string, path = "") {
    super("invalid_ground_truth", message, [{ path, message }]);
    this.name = "InvalidGroundTruthError";
  }
}

/** A counts string or counts list that does not describe a mask. `message` says what and where. */
export class InvalidRleError extends EvalInputError {
  constructor(message: string, path = "") {
    super("invalid_rle", message, [{ path, message }]);
    this.name = "InvalidRleError";
  }
}

/** A polygon that cannot be rasterised (coordinates out of range, perimeter too long, wrong shape). */
export class InvalidPolygonError extends EvalInputError {
  constructor(message: string, path = "") {
    super("invalid_polygon", message, [{ path, message }]);
    this.name = "InvalidPolygonError";
  }
}

/**
 * Runs `make` and, if it refuses its input without saying where, says where: the same error class
 * with the message prefixed by `path` ("results[3].segmentation: polygon vertex 0 ...").
 */
export function locate<T>(path: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (!(e instanceof EvalInputError) || e.problems.some((p) => p.path !== "") || e.message.startsWith(path)) throw e;
    const Located = e.constructor as new (message: string, path: string) => EvalInputError;
    throw new Located(`${path}: ${e.message}`, path);
  }
}
