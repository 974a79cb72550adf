// The one error hierarchy. Every refusal thrown by lib/ is an AppError (or one of lib/eval's
// EvalInputError, which cannot import this file): it carries the HTTP status, a stable code, the
// specific problems (where, what, how to fix) and whose fault it is. errorReport() is the one table
// that turns any thrown value into those fields; the API, the forms, the worker and the CLI all read it.
//
// Adding an error: subclass AppError with a fixed status and code, e.g.
//   export class QueueUnavailableError extends AppError {
//     constructor(what: string) {
//       super({ status: 503, code: "queue_unavailable", message: `${what} is unavailable; try again in a minute.`, retryAfterSeconds: 30 });
//     }
//   }
// The fault follows from the status (4xx user, 503 infrastructure, other 5xx server) unless given.
import { ZodError } from "zod";
import { EvalInputError } from "@/lib/eval/errors";

/**
 * Whose fault a failure is. user: the request or file (4xx; retrying the same input cannot help);
 * infrastructure: a dependency is down or overloaded (503; retry later); server: a bug (500).
 */
export type Fault = "user" | "infrastructure" | "server";

/** One specific finding: `path` locates it ("results[3].bbox", "phases.0.name"; "" for the whole input). */
export type Problem = { path: string; message: string; hint?: string };

export type AppErrorInit = {
  status: number;
  code: string;
  message: string;
  problems?: Problem[];
  /** All problems found when `problems` lists only the first few. */
  total?: number;
  fault?: Fault;
  /** 429/503: when to try again (also sent as Retry-After). */
  retryAfterSeconds?: number;
  /** Extra fields of the API's error body (limits, dates) a client needs to act on the error. */
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
  cause?: unknown;
};

export function faultOfStatus(status: number): Fault {
  if (status < 500) return "user";
  return status === 503 ? "infrastructure" : "server";
}

/** A refusal or failure with everything a caller needs to report it. See errorReport(). */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problems: Problem[];
  readonly total: number;
  readonly fault: Fault;
  readonly retryAfterSeconds?: number;
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(init: AppErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.problems = init.problems ?? [];
    this.total = init.total ?? this.problems.length;
    this.fault = init.fault ?? faultOfStatus(init.status);
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.details = init.details ?? {};
    this.headers = init.headers ?? {};
  }
}

/** What every caller needs to know about a thrown value. `message` is safe to show to the user. */
export type ErrorReport = {
  status: number;
  code: string;
  message: string;
  problems: Problem[];
  total: number;
  fault: Fault;
  retryAfterSeconds?: number;
  details: Record<string, unknown>;
  headers: Record<string, string>;
};

// ------------------------------------------------------------------ outages of our own dependencies

/** Prisma's codes for a database it cannot reach or whose connection broke (P2024: no pooled connection in time). */
const PRISMA_UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** The pg driver adapter's kinds for the same. */
const ADAPTER_UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** SQLSTATE: connection exceptions (08...), server shutting down or starting (57P01-57P03), too many connections. */
const UNAVAILABLE_SQLSTATE = /^(08\d\d\d|57P0[123]|53300)$/;
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH"]);

type ErrorFields = {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: Record<string, unknown> } };
};

/** The thrown value and its causes, outermost first (at most 8: causes may form a cycle). */
function causeChain(err: unknown): ErrorFields[] {
  const chain: ErrorFields[] = [];
  for (let e: unknown = err; e && typeof e === "object" && chain.length < 8;) {
    const fields = e as ErrorFields;
    chain.push(fields);
    e = fields.cause;
  }
  return chain;
}

/**
 * True when `err` says PostgreSQL is down, restarting or unreachable (not that a query was wrong):
 * a retry after a pause can succeed. Prisma wraps the driver's error; the cause chain is walked.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return causeChain(err).some((e) => {
    const code = typeof e.code === "string" ? e.code : "";
    const adapter = e.meta?.driverAdapterError?.cause;
    if (PRISMA_UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code) || NETWORK_CODES.has(code)) return true;
    const text = (v: unknown) => (typeof v === "string" ? v : "");
    if (adapter && (ADAPTER_UNAVAILABLE_KINDS.has(text(adapter.kind)) || UNAVAILABLE_SQLSTATE.test(text(adapter.code)))) return true;
    return typeof e.message === "string" && /Connection terminated|Can't reach database server|Connection is closed/i.test(e.message);
  });
}

/**
 * "full" (ENOSPC, EDQUOT), "read-only" (EROFS) or "unwritable" (EACCES, EPERM, ENOTDIR: the storage
 * folder's permissions or layout were changed under us) when `err` is the file system refusing to
 * store, else null. A missing file (ENOENT) is not an outage: it stays a 500.
 */
export function storageUnavailable(err: unknown): "full" | "read-only" | "unwritable" | null {
  for (const e of causeChain(err)) {
    if (e.code === "ENOSPC" || e.code === "EDQUOT") return "full";
    if (e.code === "EROFS") return "read-only";
    if (e.code === "EACCES" || e.code === "EPERM" || e.code === "ENOTDIR") return "unwritable";
  }
  return null;
}

/** Seconds a client is told to wait (Retry-After) when one of our dependencies is down. */
export const OUTAGE_RETRY_AFTER_SECONDS = 30;

/** 503 for an outage of ours, or null: the database down, storage full or read-only. */
function outageReport(err: unknown): ErrorReport | null {
  const base = {
    status: 503,
    problems: [],
    total: 0,
    fault: "infrastructure" as const,
    retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS,
    details: {},
    headers: {},
  };
  if (isDatabaseUnavailable(err)) {
    return {
      ...base,
      code: "database_unavailable",
      message: `The database is unavailable right now; nothing was changed. Try again in ${OUTAGE_RETRY_AFTER_SECONDS} s.`,
    };
  }
  const storage = storageUnavailable(err);
  if (storage) {
    const state = { full: "full", "read-only": "read-only", unwritable: "not writable" }[storage];
    return {
      ...base,
      code: { full: "storage_full", "read-only": "storage_read_only", unwritable: "storage_unwritable" }[storage],
      message: `File storage is ${state} right now, so the file was not kept; try again in a few minutes (the operators are told by the health check).`,
    };
  }
  return null;
}

/** The evaluator's input errors are the user's file or protocol: 400 (422 would say the JSON parsed; 400 is what clients expect). */
const EVAL_INPUT_STATUS = 400;

const INTERNAL_MESSAGE = "Something went wrong on our side. Try again; if it persists, report it with the time of the request.";

/**
 * The one table: any thrown value -> status, code, message, problems, fault. Unknown errors are the
 * server's fault and their message (queries, paths) is replaced by a generic one.
 */
export function errorReport(err: unknown): ErrorReport {
  if (err instanceof AppError) {
    const { status, code, message, problems, total, fault, retryAfterSeconds, details, headers } = err;
    return { status, code, message, problems, total, fault, retryAfterSeconds, details, headers };
  }
  if (err instanceof EvalInputError) {
    return {
      status: EVAL_INPUT_STATUS,
      code: err.code,
      message: err.message,
      problems: err.problems,
      total: err.problems.length,
      fault: "user",
      details: {},
      headers: {},
    };
  }
  if (err instanceof ZodError) {
    const problems = err.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
    const summary = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ");
    return {
      status: 400,
      code: "invalid_request",
      message: `Invalid request: ${summary}`,
      problems,
      total: problems.length,
      fault: "user",
      details: {},
      headers: {},
    };
  }
  const outage = outageReport(err);
  if (outage) return outage;
  return {
    status: 500,
    code: "internal_error",
    message: INTERNAL_MESSAGE,
    problems: [],
    total: 0,
    fault: "server",
    details: {},
    headers: {},
  };
}

/** True when the thrown value is a refusal of the user's input (4xx), not a failure of ours. */
export function isUserError(err: unknown): boolean {
  return errorReport(err).fault === "user";
}

/** `phases[0].evaluation.iouThresholds[2]`: the path notation of our problems. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join("");
}

/** The message and, when there are several problems, those it does not already say, on one line (forms, redirects). */
export function oneLine(report: ErrorReport): string {
  if (report.problems.length <= 1) return report.message;
  const unsaid = report.problems.filter((p) => !report.message.includes(p.message));
  if (unsaid.length === 0) return report.message;
  const head = report.message.split("\n")[0];
  return `${head} ${unsaid.map((p) => `${p.path ? `${p.path}: ` : ""}${p.message}`).join("; ")}`;
}
