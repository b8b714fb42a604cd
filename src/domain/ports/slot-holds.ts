/** The Cal.com slot reservation a call holds while the caller gives their details. */
export interface SlotHold {
  retellCallId: string;
  reservationUid: string;
  eventTypeId: number;
  /** UTC ISO. */
  start: string;
  /** UTC ISO: Cal.com lets the reservation lapse then. */
  expiresAt: string;
  createdAt: string;
}

/** At most one hold per (company, call). */
export interface SlotHoldRepository {
  find(companyId: string, callId: string): Promise<SlotHold | null>;
  /** Stores the call's hold, replacing the one it had. */
  put(companyId: string, hold: SlotHold): Promise<void>;
  /**
   * Drops the call's hold if it is still this reservation (another instance may have replaced it
   * meanwhile); whether a row went.
   */
  delete(companyId: string, callId: string, reservationUid: string): Promise<boolean>;
  /** Drops the company's holds that expired at or before `now` (UTC ISO); how many went. */
  deleteExpired(companyId: string, now: string): Promise<number>;
}
