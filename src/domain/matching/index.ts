/** Host → staff matching: pure, one company at a time. */

export { corroborationBonus, evidenceConfidence } from "./evidence.ts";
export { describeNameMatch, explainPair } from "./explain.ts";
export { match } from "./match.ts";
export { type NormalizedEmail, normalizeEmail, normalizeName } from "./normalize.ts";
export {
  type MatchPreviewInput,
  type MatchPreviewOutput,
  matchPreviewInputSchema,
  runMatchPreview,
} from "./preview.ts";
export type {
  EvidenceReason,
  ExistingMapping,
  MappingSource,
  MappingStatus,
  MatchAction,
  MatchCandidate,
  MatchDecision,
  MatchHost,
  MatchStaff,
  MatchThresholds,
  ReasonCode,
} from "./types.ts";
