import { describe, expect, it } from "vitest";
import type {
  CalcomEventType,
  CalcomHost,
  Company,
  HostMapping,
  MappingStatus,
  PhoneNumber,
  Service,
  Staff,
  SyncRun,
} from "../../domain/entities.ts";
import type { StoredCall } from "../../domain/ports/calls.ts";
import { Secret } from "../../domain/secret.ts";
import { checklistKeys, makeOnboardingChecklist } from "./onboarding-checklist.ts";

const bare = {
  id: "c1",
  calcom: { baseUrl: "https://api.cal.com", teamId: null, apiKey: null, webhookSecret: null },
} as unknown as Company;
const connected = {
  ...bare,
  calcom: {
    baseUrl: "https://api.cal.eu",
    teamId: 7,
    apiKey: new Secret("cal_live_key"),
    webhookSecret: new Secret("whsec-123456"),
  },
} as Company;

const service = (id: string, eventTypeId: number | null, extra: Partial<Service> = {}) =>
  ({ id, active: true, calcomEventTypeId: eventTypeId, bookability: null, ...extra }) as Service;
const host = (calcomUserId: number, eventTypeIds: number[]) =>
  ({ calcomUserId, eventTypeIds }) as CalcomHost;
const mapping = (calcomUserId: number, status: MappingStatus) =>
  ({ calcomUserId, status }) as HostMapping;
const eventType = (eventTypeId: number, removedAt: string | null = null) =>
  ({ eventTypeId, removedAt }) as CalcomEventType;

interface Rows {
  sync?: SyncRun | null;
  services?: Service[];
  eventTypes?: CalcomEventType[];
  staff?: Staff[];
  hosts?: CalcomHost[];
  mappings?: HostMapping[];
  numbers?: PhoneNumber[];
  calls?: StoredCall[];
  retellKey?: boolean;
}

function checklistOver(rows: Rows) {
  const reads: string[] = [];
  const read =
    <T>(name: string, value: T) =>
    async () => {
      reads.push(name);
      return value;
    };
  const checklist = makeOnboardingChecklist({
    syncRuns: { lastFinished: read("sync", rows.sync ?? null) },
    services: { list: read("services", rows.services ?? []) },
    calcomMirror: {
      listEventTypes: read("eventTypes", rows.eventTypes ?? []),
      listHosts: read("hosts", rows.hosts ?? []),
    },
    staff: { list: read("staff", rows.staff ?? []) },
    hostMappings: { list: read("mappings", rows.mappings ?? []) },
    phoneNumbers: { list: read("numbers", rows.numbers ?? []) },
    calls: { listPage: read("calls", rows.calls ?? []) },
    retellKeyConfigured: rows.retellKey ?? false,
  });
  return { checklist, reads };
}

const doneOf = async (company: Company, rows: Rows) => {
  const { checklist } = checklistOver(rows);
  const result = await checklist({ company, actor: { type: "cli" } });
  return Object.fromEntries(result.items.map((i) => [i.key, i.done]));
};

describe("the onboarding checklist", () => {
  it("lists every item in order, none done for a new company, in eight reads", async () => {
    const { checklist, reads } = checklistOver({});
    const result = await checklist({ company: bare, actor: { type: "cli" } });
    expect(result.items.map((i) => i.key)).toEqual([...checklistKeys]);
    expect(result).toMatchObject({ done: 0, total: 9 });
    expect(reads).toHaveLength(8);
  });

  it("counts everything done for a company that is set up", async () => {
    const { checklist } = checklistOver({
      sync: { finishedAt: "2027-03-24T09:00:00Z" } as SyncRun,
      services: [service("s1", 11)],
      eventTypes: [eventType(11)],
      staff: [{ active: true } as Staff],
      hosts: [host(501, [11])],
      mappings: [mapping(501, "active")],
      numbers: [{ number: "+493012345678" } as PhoneNumber],
      calls: [{ createdAt: "2027-03-24T10:00:00Z" } as StoredCall],
      retellKey: true,
    });
    const result = await checklist({ company: connected, actor: { type: "cli" } });
    expect(result).toMatchObject({ done: 9, total: 9 });
    expect(result.items.find((i) => i.key === "phoneNumbers")?.detail).toEqual({
      numbers: ["+493012345678"],
    });
    expect(result.items.find((i) => i.key === "firstCall")?.detail).toEqual({
      at: "2027-03-24T10:00:00Z",
    });
  });

  it("needs both the team id and the API key for Cal.com", async () => {
    const keyOnly = { ...connected, calcom: { ...connected.calcom, teamId: null } } as Company;
    expect((await doneOf(keyOnly, {})).calcom).toBe(false);
    const teamOnly = { ...connected, calcom: { ...connected.calcom, apiKey: null } } as Company;
    expect((await doneOf(teamOnly, {})).calcom).toBe(false);
    expect((await doneOf(connected, {})).calcom).toBe(true);
    expect((await doneOf(connected, {})).webhookSecret).toBe(true);
    expect((await doneOf(bare, {})).webhookSecret).toBe(false);
  });

  it("counts only active services bookable by phone, and event types without a service", async () => {
    const problem = { problems: ["seated"], notices: [], checkedAt: "" } as Service["bookability"];
    const rows: Rows = {
      services: [
        service("unlinked", null),
        service("seated", 12, { bookability: problem }),
        service("old", 13, { active: false }),
      ],
      eventTypes: [eventType(12), eventType(13), eventType(14), eventType(15, "2027-01-01")],
    };
    const { checklist } = checklistOver(rows);
    const result = await checklist({ company: connected, actor: { type: "cli" } });
    const item = result.items.find((i) => i.key === "services")!;
    // 13 belongs to an inactive service (it is not offered again); 15 is gone from Cal.com.
    expect(item).toEqual({
      key: "services",
      done: false,
      detail: { bookable: 0, active: 2, eventTypesWithoutService: 1 },
    });
    rows.services!.push(service("cut", 14));
    expect((await doneOf(connected, rows)).services).toBe(true);
  });

  it("wants every host of an active service mapped, ignoring other hosts", async () => {
    const rows: Rows = {
      services: [service("cut", 11), service("old", 12, { active: false })],
      hosts: [host(501, [11]), host(502, [11]), host(503, [12]), host(504, [99])],
      mappings: [mapping(501, "active"), mapping(502, "suggested")],
    };
    const { checklist } = checklistOver(rows);
    const result = await checklist({ company: connected, actor: { type: "cli" } });
    expect(result.items.find((i) => i.key === "hosts")).toEqual({
      key: "hosts",
      done: false,
      detail: { linkedServices: 1, unmapped: 0, suggested: 1 },
    });
    rows.mappings = [mapping(501, "active"), mapping(502, "rejected")];
    expect((await doneOf(connected, rows)).hosts).toBe(true);
    rows.mappings = [mapping(501, "active")];
    expect((await doneOf(connected, rows)).hosts).toBe(false);
    // Before any service books into an event type there is nothing to review yet.
    expect((await doneOf(connected, { services: [service("unlinked", null)] })).hosts).toBe(false);
  });

  it("counts only active staff, and the Retell key as the server has it", async () => {
    expect((await doneOf(connected, { staff: [{ active: false } as Staff] })).staff).toBe(false);
    expect((await doneOf(connected, { retellKey: true })).retellKey).toBe(true);
    expect((await doneOf(connected, {})).retellKey).toBe(false);
  });
});
