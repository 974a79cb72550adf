import { AppError, type Problem } from "@/lib/errors";

/**
 * A submission that cannot be scored because of what was submitted or configured (bad file, no ground
 * truth): retrying cannot help, so the worker fails the job at once with this code and message.
 */
export class ScoringUserError extends AppError {
  constructor(code: string, message: string, problems?: Problem[], total?: number) {
    super({ status: 422, code, message, problems, total });
  }
}

/** The submission left RUNNING while it was evaluated (cancelled by the organizers): stop without scores. */
export class EvaluationAbandoned extends AppError {
  constructor(submissionId: string) {
    super({
      status: 409,
      code: "abandoned",
      message: `submission ${submissionId} is no longer running (cancelled); its evaluation was stopped`,
    });
  }
}
