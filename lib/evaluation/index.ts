// One evaluation pipeline of a ground truth and a results file, for the eval CLI and the worker.
export {
  evaluateFiles,
  EvaluationInputError,
  type EvaluateFilesOptions,
  type EvaluateStep,
  type FilesEvaluation,
  type FilesStage,
  type ResultsSource,
} from "./evaluate-files";
export {
  groundTruthFromFile,
  groundTruthInThread,
  isGroundTruthThread,
  serveGroundTruthThread,
  type GroundTruthSource,
} from "./ground-truth-source";
export type { EvaluationMode, EvaluationWarning } from "./mode";
export { familyGroundTruthFromFile, familyStep, preparedIouType, type FamilyRequest, type FamilyResult } from "./metric-families";
