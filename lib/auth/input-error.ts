import { AppError } from "@/lib/errors";

/**
 * A request refused because of what it asked for (not who asked): 400 bad input, 409 conflicts with the
 * current state. Carries a stable `code` for API clients and a message that says what to do.
 */
export class InputError extends AppError {
  declare readonly status: 400 | 409 | 410 | 422;
  constructor(status: 400 | 409 | 410 | 422, code: string, message: string) {
    super({ status, code, message });
  }
}
