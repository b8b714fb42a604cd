import type { UseCases } from "../features/use-cases.ts";

/** Exactly the use-cases the voice functions call: nothing else of the catalogue reaches them. */
export type VoiceUseCases = Omit<UseCases["voice"], "settleBookingAttempts">;
