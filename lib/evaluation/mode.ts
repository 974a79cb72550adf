/**
 * Whose rules an evaluation of files follows.
 * - "pycocotools": COCO.loadRes and COCOeval exactly, on every input pycocotools accepts (the eval
 *   CLI's default: a drop-in for pycocotools). What pycocotools silently ignores is counted in warnings.
 * - "challenge": the platform's rules (the worker, and the CLI with --strict): what is almost surely a
 *   mistake in an upload (an unknown category, a short polygon, an RLE of another size) is refused
 *   with a precise error instead of being scored.
 * Both score boxes from masks when a result has a mask and no box, as COCO's evaluation server does.
 */
export type EvaluationMode = "pycocotools" | "challenge";

/** Something the user should know about an evaluation that went through (printed on stderr, `warnings` in --json). */
export type EvaluationWarning = { code: string; count: number; message: string };
