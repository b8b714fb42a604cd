/*
 * One factory per entity, so a test states only what it is about: everything else gets a
 * sensible default (a German salon in Europe/Berlin, unique names, slugs, ids and numbers per
 * call). Each takes the repositories (`storeFor(database)`, `app.store`, a transaction) and
 * writes through their own methods, never SQL, and returns the row as the repository gives it.
 *
 * The Cal.com mirror is written as Cal.com's team sync writes it, with `applyTeamSnapshot`. A
 * snapshot makes the mirror equal to it, so the factories keep each company's snapshot and add
 * to it: `newHost` and `newEventType` never remove what an earlier call mirrored. Do not mix them
 * with a real team sync of the same company; `newEventType` and `newHost` refuse a mirror they
 * did not build.
 */
import { assessBookability } from "../../src/domain/bookability.ts";
import type {
  Appointment,
  BookabilityNotice,
  BookabilityProblem,
  CalcomEventType,
  CalcomHost,
  Company,
  HostMapping,
  PhoneNumber,
  SchedulingType,
  Service,
  Staff,
  TeamSnapshot,
} from "../../src/domain/entities.ts";
import type { NewAppointment } from "../../src/domain/ports/appointments.ts";
import type { NewCompany } from "../../src/domain/ports/company.ts";
import type { NewHostMapping } from "../../src/domain/ports/mappings.ts";
import type { NewService } from "../../src/domain/ports/service.ts";
import type { StaffUpsert } from "../../src/domain/ports/staff.ts";
import type { Repositories } from "../../src/domain/ports/store.ts";
import { companyInput } from "./fixtures.ts";

type Tenant = Pick<Company, "id">;

let sequence = 0;
/** A number no other factory call in this test file has had. */
const next = () => ++sequence;

/** A company: "Salon N" (slug `salon-fN`), Europe/Berlin, German, not connected to a team. */
export function newCompany(
  store: Pick<Repositories, "companies">,
  overrides: Partial<NewCompany> = {},
): Promise<Company> {
  const n = next();
  return store.companies.create(
    companyInput(overrides.slug ?? `salon-f${n}`, { name: `Salon ${n}`, ...overrides }),
  );
}

/** An active staff member with a unique name and email. */
export async function newStaff(
  store: Pick<Repositories, "staff">,
  company: Tenant,
  overrides: Partial<StaffUpsert> = {},
): Promise<Staff> {
  const n = next();
  const [staff] = await store.staff.insert(company.id, [
    {
      name: `Friseurin ${n}`,
      email: `friseurin${n}@salon.test`,
      phone: null,
      active: true,
      ...overrides,
    },
  ]);
  return staff!;
}

/** A 30-minute service at 25 €, not linked to an event type unless `calcomEventTypeId` says so. */
export function newService(
  store: Pick<Repositories, "services">,
  company: Tenant,
  overrides: Partial<NewService> = {},
): Promise<Service> {
  const n = next();
  return store.services.create(company.id, {
    name: `Haarschnitt ${n}`,
    durationMinutes: 30,
    priceCents: 2500,
    calcomEventTypeId: null,
    ...overrides,
  });
}

type Member = TeamSnapshot["members"][number];
type MirroredEventType = TeamSnapshot["eventTypes"][number];

/** Each company's mirror as the factories built it, keyed by company id (unique everywhere). */
const mirrors = new Map<string, TeamSnapshot>();

async function applyMirror(
  store: Pick<Repositories, "calcomMirror">,
  company: Tenant,
  change: (snapshot: TeamSnapshot) => void,
): Promise<void> {
  const snapshot = mirrors.get(company.id) ?? { eventTypes: [], members: [] };
  const [eventTypes, hosts] = await Promise.all([
    store.calcomMirror.listEventTypes(company.id),
    store.calcomMirror.listHosts(company.id),
  ]);
  const known = new Set(snapshot.eventTypes.map((e) => e.eventTypeId));
  const foreign = eventTypes.some((e) => e.removedAt === null && !known.has(e.eventTypeId));
  if (foreign || hosts.some((h) => h.eventTypeIds.some((id) => !known.has(id)))) {
    throw new Error(
      `The Cal.com mirror of company ${company.id} holds event types the factories did not make (a team sync?): build it with newHost/newEventType only`,
    );
  }
  change(snapshot);
  mirrors.set(company.id, snapshot);
  await store.calcomMirror.applyTeamSnapshot(company.id, snapshot, new Date().toISOString());
}

export interface HostOverrides {
  userId?: number;
  name?: string | null;
  email?: string | null;
  username?: string | null;
  avatarUrl?: string | null;
  role?: string;
  accepted?: boolean;
}

/**
 * A Cal.com team member in the mirror (an accepted MEMBER with an email), as a team sync would
 * have stored its membership. `newEventType({hosts: [host]})` makes it a host.
 */
export async function newHost(
  store: Pick<Repositories, "calcomMirror">,
  company: Tenant,
  overrides: HostOverrides = {},
): Promise<CalcomHost> {
  const n = next();
  const userId = overrides.userId ?? 9000 + n;
  const member: Member = {
    userId,
    membershipId: 90_000 + n,
    email: `stylistin${n}@salon.test`,
    name: `Stylistin ${n}`,
    username: `stylistin-${n}`,
    avatarUrl: null,
    role: "MEMBER",
    accepted: true,
    ...overrides,
  };
  await applyMirror(store, company, (snapshot) => {
    snapshot.members = [...snapshot.members.filter((m) => m.userId !== userId), member];
  });
  return (await store.calcomMirror.findHost(company.id, userId))!;
}

/** A host of an event type: the host itself, or with its round-robin settings. */
export type EventTypeHost =
  | Pick<CalcomHost, "calcomUserId">
  | { host: Pick<CalcomHost, "calcomUserId">; mandatory?: boolean; priority?: string | null };

export interface EventTypeOverrides {
  eventTypeId?: number;
  teamId?: number | null;
  title?: string;
  slug?: string;
  lengthInMinutes?: number;
  schedulingType?: SchedulingType;
  hidden?: boolean;
  requiresConfirmation?: boolean;
  /** `rrHostSubsetEnabled` (default false). */
  chosenHosts?: boolean;
  /** By default what `assessBookability` finds (`no_hosts` without hosts, `mandatory_hosts` …). */
  problems?: BookabilityProblem[];
  notices?: BookabilityNotice[];
  hosts?: EventTypeHost[];
}

/**
 * A team event type in the mirror, round robin of 30 minutes by default. Its hosts' names come
 * from their memberships (`newHost`); a host that is no member is mirrored as a host only.
 */
export async function newEventType(
  store: Pick<Repositories, "calcomMirror">,
  company: Pick<Company, "id" | "calcom">,
  overrides: EventTypeOverrides = {},
): Promise<CalcomEventType> {
  const n = next();
  const eventTypeId = overrides.eventTypeId ?? 3000 + n;
  const schedulingType =
    overrides.schedulingType === undefined ? "roundRobin" : overrides.schedulingType;
  await applyMirror(store, company, (snapshot) => {
    const members = new Map(snapshot.members.map((m) => [m.userId, m]));
    const hosts = (overrides.hosts ?? []).map((h) => {
      const { host, mandatory = false, priority = null } = "host" in h ? h : { host: h };
      const member = members.get(host.calcomUserId);
      return {
        userId: host.calcomUserId,
        name: member?.name ?? null,
        username: member?.username ?? null,
        avatarUrl: member?.avatarUrl ?? null,
        mandatory,
        priority,
      };
    });
    const found = assessBookability({
      schedulingType,
      parentEventTypeId: null,
      hosts,
      bookingFields: [],
      recurring: false,
      seated: false,
      requiresConfirmation: overrides.requiresConfirmation ?? false,
    });
    const eventType: MirroredEventType = {
      eventTypeId,
      teamId: overrides.teamId === undefined ? (company.calcom.teamId ?? 1001) : overrides.teamId,
      title: overrides.title ?? `Haarschnitt ${n}`,
      slug: overrides.slug ?? `haarschnitt-${n}`,
      lengthInMinutes: overrides.lengthInMinutes ?? 30,
      schedulingType,
      hidden: overrides.hidden ?? false,
      requiresConfirmation: overrides.requiresConfirmation ?? false,
      chosenHosts: overrides.chosenHosts ?? false,
      problems: overrides.problems ?? found.problems,
      notices: overrides.notices ?? found.notices,
      hosts,
    };
    snapshot.eventTypes = [
      ...snapshot.eventTypes.filter((e) => e.eventTypeId !== eventTypeId),
      eventType,
    ];
  });
  return (await store.calcomMirror.findEventType(company.id, eventTypeId))!;
}

/** An active mapping an admin made: this Cal.com host is this staff member. */
export function newHostMapping(
  store: Pick<Repositories, "hostMappings">,
  company: Tenant,
  host: Pick<CalcomHost, "calcomUserId">,
  staff: Pick<Staff, "id">,
  overrides: Partial<Omit<NewHostMapping, "calcomUserId" | "staffId">> = {},
): Promise<HostMapping> {
  return store.hostMappings.insert(company.id, {
    calcomUserId: host.calcomUserId,
    staffId: staff.id,
    status: "active",
    source: "manual",
    confidence: 100,
    reasonCode: "manual",
    reasonText: "set by an admin",
    ...overrides,
  });
}

/**
 * An accepted 30-minute appointment from a Cal.com booking, a day from now on the hour, with an
 * attendee and a unique booking uid; staff, service and customer unset unless given.
 */
export function newAppointment(
  store: Pick<Repositories, "appointments">,
  company: Tenant,
  overrides: Partial<NewAppointment> = {},
): Promise<Appointment> {
  const n = next();
  const start = new Date(Math.ceil((Date.now() + 86_400_000) / 3_600_000) * 3_600_000);
  return store.appointments.insert(company.id, {
    serviceId: null,
    staffId: null,
    customerId: null,
    calcomUserId: null,
    bookingUid: `booking-f${n}`,
    bookingId: null,
    eventTypeId: null,
    startAt: start.toISOString(),
    endAt: new Date(start.getTime() + 30 * 60_000).toISOString(),
    status: "accepted",
    source: "calcom",
    retellCallId: null,
    idempotencyKey: null,
    rescheduledFromUid: null,
    rescheduledToUid: null,
    notes: null,
    attendeeName: `Kundin ${n}`,
    attendeeEmail: `kundin${n}@example.de`,
    ...overrides,
  });
}

/** A Berlin number (E.164) routed to the company; unique per call unless `number` is given. */
export function newPhoneNumber(
  store: Pick<Repositories, "phoneNumbers">,
  company: Tenant,
  number?: string,
): Promise<PhoneNumber> {
  return store.phoneNumbers.add(company.id, number ?? `+4930${5_000_000 + next()}`, null);
}
