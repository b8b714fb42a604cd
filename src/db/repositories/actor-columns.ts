import type { Actor } from "../../domain/entities.ts";

/** An actor as the audit tables store it: a type, and the user's or the call's id if any. */
export function toActor(type: string, id: string | null): Actor {
  if (type === "user") return { type: "user", userId: id ?? "" };
  if (type === "voice") return id ? { type: "voice", callId: id } : { type: "voice" };
  if (type === "token") return { type: "token", tokenId: id ?? "" };
  return { type: type as "cli" | "scheduler" | "webhook" };
}

export function actorId(actor: Actor): string | null {
  if (actor.type === "user") return actor.userId;
  if (actor.type === "voice") return actor.callId ?? null;
  if (actor.type === "token") return actor.tokenId;
  return null;
}
