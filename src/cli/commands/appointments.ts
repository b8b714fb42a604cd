import type { Command } from "commander";
import { withZoneOffset } from "../../domain/datetime/index.ts";
import type { CommandContext } from "../context.ts";
import { table } from "../output.ts";

export function registerAppointmentsCommands(program: Command, ctx: CommandContext): void {
  const appointments = program.command("appointments").description("a company's appointments");

  appointments
    .command("list")
    .description(
      "appointments with staff, Cal.com host, status, source, the booking's attendee and uid",
    )
    .requiredOption("--company <slug>", "company slug")
    .option("--from <iso>", "start at or after (ISO 8601)")
    .option("--to <iso>", "start before (ISO 8601)")
    .action(async (opts: { company: string; from?: string; to?: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tenant = await ctx.tenant(app, opts.company);
        const list = await app.useCases.appointments.listAppointments(tenant, {
          from: opts.from,
          to: opts.to,
        });
        const zone = tenant.company.timezone;
        const views = list.map((a) => ({
          id: a.id,
          uid: a.bookingUid,
          bookingId: a.bookingId,
          status: a.status,
          start: withZoneOffset(a.startAt, zone),
          end: withZoneOffset(a.endAt, zone),
          serviceId: a.serviceId,
          serviceName: a.serviceName,
          staffId: a.staffId,
          staffName: a.staffName,
          calcomUserId: a.calcomUserId,
          needsMapping: a.needsMapping,
          source: a.source,
          customer: a.customer,
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
                    v.serviceName,
                    v.staffName ?? (v.needsMapping ? "⚠ unmapped host" : null),
                    v.calcomUserId,
                    v.status,
                    v.source,
                    v.customer.name ?? v.customer.phone ?? v.customer.email,
                    v.uid,
                  ]),
                ),
        };
      });
    });
}
