/**
 * A submission that cannot be scored because of what was submitted or configured (bad file, no ground
 * truth): retrying cannot help, so the worker fails the job at once with this code and message.
 */
export class ScoringUserError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ScoringUserError";
  }
}

/** The submission left RUNNING while it was evaluated (cancelled by the organizers): stop without scores. */
export class EvaluationAbandoned extends Error {
  constructor(submissionId: string) {
    super(`submission ${submissionId} is no longer running (cancelled); its evaluation was stopped`);
    this.name = "EvaluationAbandoned";
  }
}
