/** Analysis and scoring engine: LogRecord stream → AccumulatorState → HealthReport[] (docs/scoring.md). */
export {
  type Accumulator,
  type AccumulatorState,
  createAccumulator,
  failureClass,
  mergeStates,
  type SlotState,
} from './accumulator.js';
export {
  type AnalysisOptions,
  type AnalyzeInput,
  analyze,
  authScore,
  combineComponents,
  latencyScore,
  SEVERITY_CAP,
  statusFor,
  successScore,
  trendScore,
  WEIGHTS,
} from './analyze.js';
export { errorMeaning } from './meanings.js';
export { RELATIVE_ACCURACY, type SketchState, sketchQuantile } from './sketch.js';
export { compareReports } from './trend.js';
