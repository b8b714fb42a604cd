import type { Actor, HostMapping, HostMappingSnapshot } from "../../domain/entities.ts";

export const snapshotOf = (m: HostMapping | null): HostMappingSnapshot | null =>
  m
    ? {
        staffId: m.staffId,
        status: m.status,
        source: m.source,
        confidence: m.confidence,
        reasonCode: m.reasonCode,
      }
    : null;

export function describeActor(actor: Actor): string {
  switch (actor.type) {
    case "user":
      return `user ${actor.userId}`;
    case "voice":
      return "voice agent";
    case "token":
      return `API token ${actor.tokenId}`;
    default:
      return actor.type;
  }
}
