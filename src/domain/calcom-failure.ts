/** How a call to Cal.com failed (the kinds calcom/errors.ts raises), for an adapter to word. */
export const calcomFailures = [
  "unauthorized",
  "forbidden",
  "not_found",
  "rate_limited",
  "unavailable",
  "invalid_request",
  "invalid_response",
  "timeout",
  "network",
] as const;
export type CalcomFailure = (typeof calcomFailures)[number];

/** The kind of a failed Cal.com call (its error carries one), or null for any other error. */
export function calcomFailureOf(error: unknown): CalcomFailure | null {
  const kind = error instanceof Error ? (error as { kind?: unknown }).kind : undefined;
  return calcomFailures.find((k) => k === kind) ?? null;
}
