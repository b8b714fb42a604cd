import type { Command } from "commander";
import type { CommandContext } from "../index.ts";
import { table } from "../output.ts";

export function registerAppointmentsCommands(program: Command, ctx: CommandContext): void {
  const appointments = program.command("appointments").description("a company's appointments");

  appointments
    .command("list")
    .description("appointments with staff, Cal.com host, status, source and booking uid")
    .requiredOption("--company <slug>", "company slug")
    .option("--from <iso>", "start at or after (ISO 8601)")
    .option("--to <iso>", "start before (ISO 8601)")
    .action(async (opts: { company: string; from?: string; to?: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tenant = await ctx.tenant(app, opts.company);
        const list = await app.features.listAppointments(tenant, { from: opts.from, to: opts.to });
        const views = list.map((a) => ({
          id: a.id,
          start: a.startAt,
          end: a.endAt,
          status: a.status,
          source: a.source,
          service: a.serviceName,
          staff: a.staffId ? { id: a.staffId, name: a.staffName } : null,
          host: a.calcomUserId,
          needsMapping: a.needsMapping,
          customer: a.customer,
          uid: a.bookingUid,
          bookingId: a.bookingId,
          callId: a.retellCallId,
          rescheduledFromUid: a.rescheduledFromUid,
          rescheduledToUid: a.rescheduledToUid,
        }));
        return {
          json: { appointments: views },
          text:
            views.length === 0
              ? "no appointments"
              : table(
                  ["START", "SERVICE", "STAFF", "HOST", "STATUS", "SOURCE", "CUSTOMER", "UID"],
                  views.map((v) => [
                    v.start,
                    v.service,
                    v.staff?.name ?? (v.needsMapping ? "⚠ unmapped host" : null),
                    v.host,
                    v.status,
                    v.source,
                    v.customer?.name ?? v.customer?.phone ?? null,
                    v.uid,
                  ]),
                ),
        };
      });
    });
}
