import { describe, expect, it } from "vitest";
import type {
  CalcomHost,
  Company,
  HostMapping,
  MappingStatus,
  Service,
  Staff,
} from "../../domain/entities.ts";
import { fixedClock } from "../../platform/clock.ts";
import type { VoiceContext } from "./context.ts";
import { makeListStaff } from "./list-staff.ts";

// Wednesday 24 March 2027, 10:00 in Berlin.
const now = "2027-03-24T09:00:00Z";
const company = { id: "c1", timezone: "Europe/Berlin", locale: "de", country: "DE" } as Company;
const ctx: VoiceContext = {
  company,
  actor: { type: "voice", callId: "call_1" },
  call: { callId: "call_1", fromNumber: null, toNumber: null, agentId: null },
};
const service = (name: string, eventTypeId: number | null, extra: Partial<Service> = {}) =>
  ({
    id: name,
    companyId: "c1",
    name,
    active: true,
    calcomEventTypeId: eventTypeId,
    bookability: null,
    ...extra,
  }) as Service;
const staff = (id: string, name: string, active = true) => ({ id, name, active }) as Staff;
const mapping = (calcomUserId: number, staffId: string, status: MappingStatus = "active") =>
  ({ calcomUserId, staffId, status }) as HostMapping;

function setup() {
  const hostsOf: Record<number, number[]> = { 2001: [501, 502, 503, 504], 2002: [505] };
  const asked: number[][] = [];
  const listStaff = makeListStaff({
    services: {
      list: async () => [
        service("Herrenhaarschnitt", 2001),
        service("Färben", 2002),
        service("Dauerwelle", 2003, {
          bookability: { problems: ["no_hosts"], notices: [], checkedAt: "" },
        } as Partial<Service>),
      ],
    },
    calcomMirror: {
      listHosts: async (_companyId, eventTypeIds = []) => {
        asked.push(eventTypeIds);
        return eventTypeIds.flatMap((id) =>
          (hostsOf[id] ?? []).map((calcomUserId) => ({ calcomUserId }) as CalcomHost),
        );
      },
    },
    hostMappings: {
      list: async () => [
        mapping(501, "anna"),
        mapping(502, "jorg"),
        // A suggestion nobody accepted, and a host mapped to someone who left: not named.
        mapping(503, "sophie", "suggested"),
        mapping(504, "karl"),
        mapping(505, "mia"),
      ],
    },
    staff: {
      list: async () => [
        staff("anna", "Anna"),
        staff("jorg", "Jörg"),
        staff("sophie", "Sophie"),
        staff("karl", "Karl", false),
        staff("mia", "Mia"),
      ],
    },
    clock: fixedClock(now),
  });
  return { listStaff, asked };
}

describe("listStaff", () => {
  it("names the active staff mapped to the service's hosts, nobody else", async () => {
    const { listStaff, asked } = setup();
    expect(await listStaff(ctx, { service: "herrenhaarschnitt" })).toEqual({
      kind: "staff",
      service: "Herrenhaarschnitt",
      staff: [{ name: "Anna" }, { name: "Jörg" }],
      date: null,
    });
    expect(asked).toEqual([[2001]]);
  });

  it("reads a day as check_availability does, without narrowing the list", async () => {
    const { listStaff } = setup();
    expect(await listStaff(ctx, { service: "Färben", date: "morgen" })).toEqual({
      kind: "staff",
      service: "Färben",
      staff: [{ name: "Mia" }],
      date: "2027-03-25",
    });
    expect(await listStaff(ctx, { service: "Färben", date: "2027-03-26" })).toMatchObject({
      date: "2027-03-26",
    });
  });

  it("asks again for a missing service, and for a day it cannot read or that is past", async () => {
    const { listStaff } = setup();
    expect(await listStaff(ctx, { service: " " })).toEqual({
      kind: "ask",
      field: "service",
      reason: "missing",
    });
    expect(await listStaff(ctx, { service: "Färben", date: "irgendwann bald" })).toEqual({
      kind: "ask",
      field: "date",
      reason: "invalid",
    });
    expect(await listStaff(ctx, { service: "Färben", date: "2027-03-01" })).toEqual({
      kind: "ask",
      field: "date",
      reason: "past",
    });
  });

  it("says what is offered for an unknown service, and that one is not bookable by phone", async () => {
    const { listStaff, asked } = setup();
    expect(await listStaff(ctx, { service: "Maniküre" })).toMatchObject({
      kind: "unknown_service",
      services: ["Herrenhaarschnitt", "Färben"],
    });
    expect(await listStaff(ctx, { service: "Dauerwelle" })).toMatchObject({
      kind: "not_bookable",
      service: "Dauerwelle",
    });
    expect(asked).toEqual([]);
  });
});
