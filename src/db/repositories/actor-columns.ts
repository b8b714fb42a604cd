import type { Actor } from "../../domain/entities.ts";

/** An actor as the audit tables store it: a type, and the user's or the call's id if any. */
export function toActor(type: string, id: string | null): Actor {
  if (type === "user") return { type: "user", userId: id ?? "" };
  if (type === "voice") return id ? { type: "voice", callId: id } : { type: "voice" };
  return { type: type as "cli" | "scheduler" | "webhook" };
}

export const actorId = (actor: Actor) =>
  actor.type === "user" ? actor.userId : actor.type === "voice" ? (actor.callId ?? null) : null;
