// The mask layer of lib/eval: pycocotools maskApi (rleEncode/Decode, rleFrPoly, rleFrBbox, rleMerge,
// rleArea, rleToBbox, rleIou, bbIou, rleToString/rleFrString) and COCO.annToRLE, bit-exact.
//
// Hot path for the protocol: turn each results-file segmentation into a PreparedRle once with
// prepareRle(annToRle(...)) (annToRle decodes; prepareRle's single pass checks the runs cover h*w and
// measures area and box) and take
// loadRes' area and bbox from it; prepare GT masks once per PreparedGroundTruth; then call
// maskIouPrepared per (image, category). maskIou(rles) is the same with preparation done per call.
// Decoded counts are subarrays of shared arenas: never write to them.
// A results file's compressed masks go through decodeMeasureMasks instead: decode, area, box and the
// coverage check in one pass, into flat columns, self-contained so lib/eval/parallel can run it on a
// second thread (load-results.ts; the numbers equal decodeCounts + prepareRle, tested).
export { type Rle, InvalidRleError, rleCountsSum, assertRleCoversImage } from "./rle";
export { decodeCounts, encodeCounts } from "./counts-string";
export { decodeCountAt, decodeCountsInto, countsDecodeError, mergeZeroRuns } from "./counts-decoder";
export { encodeMask, decodeMask } from "./binary-mask";
export { rleFromUncompressed } from "./uncompressed";
export { rleFromPolygon, rleFromBbox, InvalidPolygonError, MAX_POLYGON_BOUNDARY_POINTS, polygonBoundarySteps } from "./polygon";
export { rleFromPolygons, annToRle, canonicalRle, resultRle } from "./segmentation";
export { rleMerge } from "./merge";
export { rleArea } from "./area";
export { rleToBbox } from "./to-bbox";
export { type PreparedRle, prepareRle } from "./prepared";
export { maskIou, maskIouPrepared, intersectionArea } from "./mask-iou";
export { bboxIou, boxPairIou } from "./bbox-iou";
export { type MaskColumns, allocateMaskColumns, decodeMeasureMasks } from "./decode-measure";
