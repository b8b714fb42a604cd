import type { Command } from "commander";
import type { EventTypeLine } from "../../features/sync/list-event-types.ts";
import type { CommandContext } from "../context.ts";
import { table } from "../output.ts";
import { noticeText, problemText } from "../present.ts";

export function registerEventTypesCommands(program: Command, ctx: CommandContext): void {
  const eventTypes = program
    .command("event-types")
    .description("the company's Cal.com event types as last synced");

  eventTypes
    .command("list")
    .description("the mirrored event types with hosts and whether the phone agent can book them")
    .requiredOption("--company <slug>", "company slug")
    .action(async (opts: { company: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tenant = await ctx.tenant(app, opts.company);
        const lines = await app.useCases.sync.listEventTypes(tenant);
        return {
          json: { eventTypes: lines.map(eventTypeView) },
          text: lines.length === 0 ? "no event types synced yet (run sync-teams)" : describe(lines),
        };
      });
    });
}

const eventTypeView = (e: EventTypeLine) => ({
  id: e.id,
  title: e.title,
  slug: e.slug,
  lengthInMinutes: e.lengthInMinutes,
  schedulingType: e.schedulingType,
  hidden: e.hidden,
  removed: e.removed,
  requiresConfirmation: e.requiresConfirmation,
  chosenHosts: e.chosenHosts,
  hosts: e.hosts.map((h) => ({
    userId: h.userId,
    name: h.name,
    email: h.email,
    mandatory: h.mandatory,
    mapped: h.mapped,
    mappingStatus: h.mappingStatus,
    staff: h.staff,
  })),
  services: e.services,
  bookableByPhone: e.bookableByPhone,
  problems: e.problems,
  notices: e.notices,
  syncedAt: e.syncedAt,
});

function describe(lines: EventTypeLine[]): string {
  const notes = lines.flatMap((e) => {
    const label = `${e.id} ${e.title}`;
    const out: string[] = [];
    if (e.removed) out.push(`  ${label}: removed in Cal.com`);
    if (e.problems.length > 0)
      out.push(
        `  ${label}: not bookable by phone: ${e.problems.map((p) => problemText[p]).join("; ")}`,
      );
    const fixed = e.hosts.filter((h) => h.mandatory).map((h) => h.name ?? String(h.userId));
    const notices = e.notices.map((n) =>
      n === "mandatory_hosts" && fixed.length > 0
        ? `fixed host: ${fixed.join(", ")}`
        : noticeText[n],
    );
    if (notices.length > 0) out.push(`  ${label}: ${notices.join("; ")}`);
    return out;
  });
  return [
    table(
      ["ID", "TITLE", "MIN", "SCHEDULING", "HOSTS", "MAPPED", "PHONE", "SERVICES"],
      lines.map((e) => [
        e.id,
        `${e.title}${e.hidden ? " (hidden)" : ""}${e.removed ? " (removed)" : ""}`,
        e.lengthInMinutes,
        e.schedulingType ?? "none",
        e.hosts.length,
        e.hosts.filter((h) => h.mapped).length,
        e.bookableByPhone ? "yes" : "no",
        e.services.map((s) => s.name).join(", ") || null,
      ]),
    ),
    ...notes,
  ].join("\n");
}
