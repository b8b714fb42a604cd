import { z } from "zod";
import type { Actor, Service, SyncTrigger, TenantContext } from "../../domain/entities.ts";
import { AppError, ValidationError } from "../../domain/errors.ts";
import type { CalcomMirrorRepository } from "../../domain/ports/mirror.ts";
import type { ServiceRepository } from "../../domain/ports/service.ts";
import { parseInput } from "../parse-input.ts";
import type { SyncTeamResult } from "../sync/sync-team.ts";

export const createServiceInput = z.object({
  name: z.string().trim().min(1, "is required").max(200),
  durationMinutes: z.coerce
    .number()
    .int("must be whole minutes")
    .min(5)
    .max(24 * 60),
  priceCents: z.coerce.number().int().min(0).optional(),
  eventTypeId: z.coerce.number().int().positive().optional(),
});

export type CreateServiceInput = z.input<typeof createServiceInput>;

export function makeCreateService(deps: {
  services: Pick<ServiceRepository, "create">;
  calcomMirror: Pick<CalcomMirrorRepository, "findEventType" | "listEventTypes">;
  /**
   * Mirrors the team when the event type is not known yet (a service created before the first
   * sync, or an event type added in Cal.com since); without it only the last sync counts.
   */
  syncTeam?: (ctx: TenantContext, input: { trigger: SyncTrigger }) => Promise<SyncTeamResult>;
}) {
  return async (ctx: TenantContext, raw: CreateServiceInput): Promise<Service> => {
    const input = parseInput(createServiceInput, raw, "service");
    if (input.eventTypeId !== undefined) {
      await ensureEventTypeInTeam(deps, ctx, input.eventTypeId);
    }
    return deps.services.create(ctx.company.id, {
      name: input.name,
      durationMinutes: input.durationMinutes,
      priceCents: input.priceCents ?? null,
      calcomEventTypeId: input.eventTypeId ?? null,
    });
  };
}

const triggerOf = (actor: Actor): SyncTrigger => (actor.type === "user" ? "admin" : "cli");

/**
 * Like assertEventTypeInTeam, but an event type the mirror does not know yet is looked for in
 * Cal.com first: a team sync, then the mirror again. Without a team id or key there is nothing to
 * sync, and the refusal says what to set up.
 */
async function ensureEventTypeInTeam(
  deps: Pick<Parameters<typeof makeCreateService>[0], "calcomMirror" | "syncTeam">,
  ctx: TenantContext,
  eventTypeId: number,
): Promise<void> {
  const live = async () => {
    const found = await deps.calcomMirror.findEventType(ctx.company.id, eventTypeId);
    return found !== null && !found.removedAt;
  };
  const { teamId, apiKey } = ctx.company.calcom;
  if ((await live()) || !deps.syncTeam || teamId === null || !apiKey) {
    return assertEventTypeInTeam(deps.calcomMirror, ctx, eventTypeId);
  }
  const sync = await deps.syncTeam(ctx, { trigger: triggerOf(ctx.actor) });
  if (sync.status !== "succeeded") {
    const why = sync.status === "failed" ? sync.error : sync.reason;
    throw new AppError(
      "unavailable",
      `could not look for event type ${eventTypeId} in Cal.com team ${teamId}: ${why}`,
    );
  }
  if (await live()) return;
  const known = (await deps.calcomMirror.listEventTypes(ctx.company.id)).filter(
    (e) => !e.removedAt,
  );
  const problem = `Cal.com team ${teamId} has no event type ${eventTypeId}`;
  const hint =
    known.length === 0
      ? "the team has no event types yet"
      : `choose one of: ${known.map((e) => `${e.eventTypeId} (${e.title})`).join(", ")}`;
  throw new ValidationError(`${problem}; ${hint}`, [{ where: "eventTypeId", message: problem }]);
}

/** A service may only point at an event type of the company's own mirrored Cal.com team. */
export async function assertEventTypeInTeam(
  mirror: Pick<CalcomMirrorRepository, "findEventType" | "listEventTypes">,
  ctx: TenantContext,
  eventTypeId: number,
): Promise<void> {
  const eventType = await mirror.findEventType(ctx.company.id, eventTypeId);
  if (eventType && !eventType.removedAt) return;
  const known = (await mirror.listEventTypes(ctx.company.id)).filter((e) => !e.removedAt);
  const hint =
    known.length === 0
      ? "no event types are mirrored yet: run `frontdesk sync-teams` for this company first"
      : `choose one of: ${known.map((e) => `${e.eventTypeId} (${e.title})`).join(", ")}`;
  const problem = eventType
    ? `event type ${eventTypeId} was removed from ${ctx.company.name}'s Cal.com team`
    : `event type ${eventTypeId} is not in ${ctx.company.name}'s Cal.com team`;
  throw new ValidationError(`${problem}; ${hint}`, [{ where: "eventTypeId", message: problem }]);
}
