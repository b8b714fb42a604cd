import type { MappingSource, MappingStatus, MatchThresholds } from "../entities.ts";

export type { MappingSource, MappingStatus, MatchThresholds };

/** A Cal.com team member as seen by the matcher. Cal.com sends "" for missing names. */
export interface MatchHost {
  userId: number;
  name: string | null;
  email: string | null;
  username: string | null;
}

export interface MatchStaff {
  id: string;
  name: string;
  email: string | null;
  active: boolean;
}

export interface ExistingMapping {
  calcomUserId: number;
  staffId: string;
  status: MappingStatus;
  source: MappingSource;
}

/** Kinds of evidence that tie a host to a staff member, strongest first. */
export type EvidenceReason =
  | "email_exact"
  | "email_plus_tag"
  | "name_and_email_local_part"
  | "name_exact"
  | "name_partial"
  | "name_nickname"
  | "name_typo";

export type ReasonCode =
  | EvidenceReason
  | "existing_mapping"
  | "ambiguous"
  | "no_candidate"
  | "below_threshold"
  | "staff_taken";

export interface MatchCandidate {
  staffId: string;
  confidence: number;
  reason: ReasonCode;
}

export type MatchAction = "auto" | "suggest" | "none" | "keep";

export interface MatchDecision {
  calcomUserId: number;
  /**
   * auto: write an active mapping; suggest: write a suggestion; none: the host stays unmapped;
   * keep: the existing mapping stands, change nothing.
   */
  action: MatchAction;
  /** null for none, and for keep when the kept mapping's staff is not in the given staff list. */
  staffId: string | null;
  confidence: number;
  reason: ReasonCode;
  /** English, readable by an admin. */
  explanation: string;
  /** Best first, at most 3. Empty for manual and rejected mappings (the matcher does not look). */
  candidates: MatchCandidate[];
}
