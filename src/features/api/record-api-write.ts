import type { ApiAuditRepository, ApiWrite } from "../../domain/ports/api-tokens.ts";
import type { Clock } from "../../platform/clock.ts";

/** Notes a write made with a token: which route, which company, how it ended. */
export function makeRecordApiWrite(deps: {
  apiAudit: Pick<ApiAuditRepository, "record">;
  clock: Clock;
}) {
  return (entry: Omit<ApiWrite, "at">) =>
    deps.apiAudit.record({ ...entry, at: deps.clock.now().toISOString() });
}
