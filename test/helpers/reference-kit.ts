// Where the project's own copy of the reference kit lives (see test/fixtures/README.md). Tests read
// these folders only; `npm run check:fixtures` says when they differ from a newer ../shared.
import { fileURLToPath } from "node:url";

/** COCO cases with pycocotools' numbers (a copy of ../shared/fixtures), and metrics/ (LVIS, Boundary AP, TIDE). */
export const REFERENCE_DIR = fileURLToPath(new URL("../fixtures/reference/", import.meta.url));
/** Real COCO-format data (a copy of ../shared/data); licences in its README. */
export const REFERENCE_DATA_DIR = fileURLToPath(new URL("../fixtures/data/", import.meta.url));
