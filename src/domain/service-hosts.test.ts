import { describe, expect, it } from "vitest";
import { assembleServiceHosts, initialsOf, type ServiceHostsData } from "./service-hosts.ts";

const base = (): ServiceHostsData => ({
  service: {
    id: "s1",
    companyId: "c1",
    name: "Haarschnitt",
    durationMinutes: 30,
    priceCents: null,
    active: true,
    calcomEventTypeId: 2001,
    bookingProblem: null,
    bookability: null,
    createdAt: "",
    updatedAt: "",
  },
  eventType: {
    companyId: "c1",
    eventTypeId: 2001,
    title: "Haarschnitt",
    slug: "haarschnitt",
    lengthInMinutes: 30,
    schedulingType: "roundRobin",
    hidden: false,
    requiresConfirmation: false,
    chosenHosts: false,
    problems: [],
    notices: [],
    removedAt: null,
    syncedAt: "2026-11-25T03:00:00.000Z",
  },
  lastTeamSync: { status: "succeeded", finishedAt: "2026-11-25T03:00:01.000Z", error: null },
  lastSuccessfulSyncAt: "2026-11-25T03:00:01.000Z",
  hosts: [],
  servicesByHost: [],
});

const host = (
  id: number,
  over: Partial<ServiceHostsData["hosts"][number]> = {},
): ServiceHostsData["hosts"][number] => ({
  calcomUserId: id,
  name: `Host ${id}`,
  username: null,
  avatarUrl: null,
  mandatory: false,
  member: { email: `h${id}@x.de`, role: "MEMBER", accepted: true, removed: false },
  mapping: null,
  staff: null,
  ...over,
});

describe("assembleServiceHosts", () => {
  it("derives the state from the service and its mirrored event type", () => {
    expect(
      assembleServiceHosts({ ...base(), service: { ...base().service, calcomEventTypeId: null } })
        .state,
    ).toBe("no_event_type");
    expect(assembleServiceHosts({ ...base(), eventType: null }).state).toBe(
      "event_type_not_synced",
    );
    expect(
      assembleServiceHosts({
        ...base(),
        eventType: { ...base().eventType!, removedAt: "2026-11-25T00:00:00.000Z" },
      }).state,
    ).toBe("event_type_removed");
    expect(assembleServiceHosts(base()).state).toBe("no_hosts");
  });

  it("counts a host as available only when accepted and not mapped to inactive staff", () => {
    const data = base();
    data.hosts = [
      host(1),
      host(2, { member: { email: null, role: "MEMBER", accepted: false, removed: false } }),
      host(3, {
        mapping: {
          staffId: "st3",
          status: "active",
          source: "manual",
          confidence: 100,
          reasonCode: "manual",
          reasonText: "",
          updatedAt: "",
        },
        staff: { id: "st3", name: "Gone", email: null, active: false },
      }),
      host(4, { member: { email: "x@y.de", role: "MEMBER", accepted: true, removed: true } }),
    ];
    const result = assembleServiceHosts(data);
    expect(result.hosts.map((h) => h.unavailableReason)).toEqual([
      null,
      "invitation_pending",
      "staff_inactive",
      "left_team",
    ]);
    expect(result.summary).toEqual({
      total: 4,
      mapped: 1,
      suggested: 0,
      unmapped: 3,
      availableForService: 1,
    });
  });

  it("marks data from before a failed sync as stale", () => {
    const result = assembleServiceHosts({
      ...base(),
      lastTeamSync: { status: "failed", finishedAt: "t", error: "Cal.com down" },
    });
    expect(result.sync).toMatchObject({
      stale: true,
      lastError: "Cal.com down",
      lastSuccessAt: "2026-11-25T03:00:01.000Z",
    });
  });

  it.each([
    ["Jörg Müller", "JM"],
    ["Dr. James O'Neil", "JO"],
    ["anna", "AN"],
    ["", "?"],
  ])("initials of %j are %s", (name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });
});
