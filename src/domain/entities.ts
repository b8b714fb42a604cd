import type { CalcomFailure } from "./calcom-failure.ts";
import type { Secret } from "./secret.ts";

/** Entities as the use-cases see them. Rows are mapped to these in db/repositories. */

export type Locale = "de" | "en";

export interface MatchThresholds {
  auto: number;
  suggest: number;
}

export const defaultThresholds: MatchThresholds = { auto: 90, suggest: 60 };

export interface CalcomConnection {
  baseUrl: string;
  teamId: number | null;
  apiKey: Secret | null;
  webhookSecret: Secret | null;
  /** The secret the last rotation replaced, still accepted until `validUntil`; none if absent. */
  previousWebhookSecret?: PreviousWebhookSecret | null;
  /**
   * Whether this Cal.com takes `rrHostSubsetIds` (slots and bookings of chosen hosts): learnt
   * from its first answer to one (an older deployment refuses the parameter), null while unknown.
   */
  chosenHosts?: ChosenHostsSupport;
}

export type ChosenHostsSupport = "supported" | "unsupported" | null;

/** The secret a rotation replaced, and until when it is still accepted. */
export interface PreviousWebhookSecret {
  secret: Secret;
  validUntil: string;
}

export interface Company {
  id: string;
  name: string;
  slug: string;
  timezone: string;
  locale: Locale;
  /** ISO 3166 country used to read national phone numbers ("030 1234567"). */
  country: string;
  calcom: CalcomConnection;
  thresholds: MatchThresholds;
  notifyEmail: string | null;
  notifyWebhookUrl: string | null;
  /** Where the agent hands a call to a person (E.164); null: no transfer. */
  transferNumber?: string | null;
  /** The Retell LLM and agent `retell-agent provision` created; null until then. */
  retell?: { llmId: string | null; agentId: string | null };
  createdAt: string;
  updatedAt: string;
}

export interface Staff {
  id: string;
  companyId: string;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Service {
  id: string;
  companyId: string;
  name: string;
  durationMinutes: number;
  priceCents: number | null;
  active: boolean;
  calcomEventTypeId: number | null;
  /** The last refusal Cal.com gave a booking of this service that was not "slot taken". */
  bookingProblem: BookingProblem | null;
  /**
   * What the last team sync found about booking the linked event type by phone; null when the
   * service has no event type or it has not been synced yet.
   */
  bookability: Bookability | null;
  createdAt: string;
  updatedAt: string;
}

/** Why Cal.com refused a booking when the time itself was free. */
export type BookingRefusal =
  | "required_booking_field"
  | "invalid_contact"
  | "booking_limit"
  | "not_bookable";

export interface BookingProblem {
  code: BookingRefusal;
  /** Cal.com's own message, for the operator. */
  message: string;
  at: string;
}

export interface PhoneNumber {
  id: string;
  companyId: string;
  number: string;
  label: string | null;
  createdAt: string;
}

export type UserRole = "platform_admin" | "company_admin";

export interface User {
  id: string;
  email: string;
  role: UserRole;
  companyId: string | null;
  locale: Locale | null;
  createdAt: string;
}

export type SchedulingType = "roundRobin" | "collective" | "managed" | null;

/**
 * Why an event type cannot be booked by phone (problems) or what is worth knowing about booking
 * it (notices), computed at team sync from what Cal.com says about the event type.
 */
export type BookabilityProblem =
  | "required_booking_fields"
  | "managed_parent"
  | "recurring"
  | "seated"
  | "no_hosts";
export type BookabilityNotice = "requires_confirmation" | "mandatory_hosts";

/** An event type's bookability: bookable by phone when `problems` is empty. */
export interface Bookability {
  problems: BookabilityProblem[];
  notices: BookabilityNotice[];
}

export interface CalcomEventType {
  companyId: string;
  eventTypeId: number;
  title: string;
  slug: string;
  lengthInMinutes: number;
  schedulingType: SchedulingType;
  hidden: boolean;
  /** A booking is created pending and waits for the business to confirm it. */
  requiresConfirmation: boolean;
  /**
   * Cal.com's `rrHostSubsetEnabled`: slots and bookings can be asked of chosen hosts only
   * (`rrHostSubsetIds`), for a caller who wants a particular person.
   */
  chosenHosts: boolean;
  /** Empty when the voice agent can book it. */
  problems: BookabilityProblem[];
  notices: BookabilityNotice[];
  /** Set when the event type no longer came back from Cal.com. */
  removedAt: string | null;
  syncedAt: string;
}

export type MappingStatus = "active" | "suggested" | "rejected";
export type MappingSource = "auto_email" | "auto_name" | "manual";

/** A Cal.com host tied to a staff member of the same company. */
export interface HostMapping {
  id: string;
  companyId: string;
  calcomUserId: number;
  staffId: string;
  status: MappingStatus;
  source: MappingSource;
  confidence: number;
  reasonCode: string;
  reasonText: string;
  createdAt: string;
  updatedAt: string;
}

export type MappingAuditAction =
  | "auto_mapped"
  | "suggested"
  | "updated"
  | "withdrawn"
  | "set"
  | "accepted"
  | "rejected"
  | "unset";

export interface MappingAuditEntry {
  id: string;
  companyId: string;
  calcomUserId: number;
  staffId: string | null;
  action: MappingAuditAction;
  before: HostMappingSnapshot | null;
  after: HostMappingSnapshot | null;
  actor: Actor;
  reason: string | null;
  createdAt: string;
}

/** The part of a mapping an audit row keeps. */
export type HostMappingSnapshot = Pick<
  HostMapping,
  "staffId" | "status" | "source" | "confidence" | "reasonCode"
>;

/** A Cal.com team member as mirrored, joined with the hosts rows that list them. */
export interface CalcomHost {
  calcomUserId: number;
  name: string | null;
  email: string | null;
  username: string | null;
  avatarUrl: string | null;
  role: string | null;
  accepted: boolean;
  /** Live event types that list this user as a host. */
  eventTypeIds: number[];
  /** Of those, the round-robin event types where this host is fixed (mandatory). */
  fixedIn: number[];
}

export type SyncTrigger = "schedule" | "cli" | "admin" | "webhook";
export type SyncStatus = "running" | "succeeded" | "failed" | "partial";

export interface SyncRun {
  id: string;
  companyId: string;
  kind: "team" | "service_hosts" | "reconcile";
  trigger: SyncTrigger;
  scope: string | null;
  status: SyncStatus;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  calcomRequests: number;
  error: string | null;
  /** How its Cal.com call failed, when that is why it failed. */
  errorKind: CalcomFailure | null;
}

/** What Cal.com says a team looks like right now (the input of a team sync). */
export interface TeamSnapshot {
  eventTypes: {
    eventTypeId: number;
    teamId: number | null;
    title: string;
    slug: string;
    lengthInMinutes: number;
    schedulingType: SchedulingType;
    hidden: boolean;
    requiresConfirmation: boolean;
    /** `rrHostSubsetEnabled`: chosen hosts can be asked for. */
    chosenHosts: boolean;
    /** Computed from what Cal.com says about the event type (see domain/bookability). */
    problems: BookabilityProblem[];
    notices: BookabilityNotice[];
    hosts: {
      userId: number;
      name: string | null;
      username: string | null;
      avatarUrl: string | null;
      mandatory: boolean;
      priority: string | null;
    }[];
  }[];
  members: {
    userId: number;
    membershipId: number | null;
    email: string | null;
    name: string | null;
    username: string | null;
    avatarUrl: string | null;
    role: string;
    accepted: boolean;
  }[];
}

/** What a team sync changed in the mirror. */
export interface MirrorChanges {
  eventTypes: number;
  eventTypesAdded: number;
  eventTypesRemoved: number;
  hosts: number;
  hostsAdded: number;
  hostsRemoved: number;
  members: number;
  membersAdded: number;
  membersRemoved: number;
}

/** Who did something: written into audit rows and sync runs. */
export type Actor =
  | { type: "user"; userId: string }
  | { type: "cli" }
  | { type: "scheduler" }
  | { type: "webhook" }
  | { type: "voice"; callId?: string }
  /** A request of the JSON API, made with this token. */
  | { type: "token"; tokenId: string };

/** What every use-case runs in: the tenant and who acts. */
export interface TenantContext {
  company: Company;
  actor: Actor;
}

export type AppointmentStatus = "accepted" | "pending" | "cancelled" | "rejected" | "rescheduled";
export type AppointmentSource = "voice" | "calcom" | "admin";

export interface Appointment {
  id: string;
  companyId: string;
  serviceId: string | null;
  /** Null while the Cal.com host is not mapped to staff: such appointments are flagged. */
  staffId: string | null;
  customerId: string | null;
  calcomUserId: number | null;
  bookingUid: string;
  bookingId: number | null;
  eventTypeId: number | null;
  startAt: string;
  endAt: string;
  status: AppointmentStatus;
  source: AppointmentSource;
  retellCallId: string | null;
  idempotencyKey: string | null;
  rescheduledFromUid: string | null;
  rescheduledToUid: string | null;
  notes: string | null;
  /** The attendee of this booking as Cal.com has it (not the caller's customer record). */
  attendeeName: string | null;
  attendeeEmail: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Customer {
  id: string;
  companyId: string;
  name: string | null;
  phone: string;
  email: string | null;
}

/** The Cal.com booking webhooks Frontdesk acts on (any other trigger is recorded and ignored). */
export const calcomBookingTriggers = [
  "BOOKING_CREATED",
  "BOOKING_REQUESTED",
  "BOOKING_RESCHEDULED",
  "BOOKING_CANCELLED",
  "BOOKING_REJECTED",
] as const;
export type CalcomBookingTrigger = (typeof calcomBookingTriggers)[number];

/**
 * The other people on a booking. With fixed hosts, Cal.com makes the first fixed host the
 * organizer and lists the round-robin host it chose among the team members and attendees.
 */
export interface BookingParticipants {
  /** Team member user ids besides the organizer (webhooks carry them; API answers do not). */
  memberIds: number[];
  /** Every attendee's email, lower-cased (the booker first). */
  attendeeEmails: string[];
}

/** A booking change Cal.com told us about by webhook (verified and parsed by the adapter). */
export interface CalcomBookingEvent {
  trigger: CalcomBookingTrigger;
  uid: string;
  bookingId: number | null;
  eventTypeId: number | null;
  start: string;
  end: string;
  /**
   * The organizer: for round robin the host Cal.com picked, unless the event type has fixed
   * hosts (then the first fixed host; see `chosenHostId`).
   */
  hostUserId: number | null;
  /** The booker: the first attendee. */
  attendee: { name: string | null; email: string | null; phone: string | null } | null;
  /** Who else takes part: the webhook's team members and every attendee's email. */
  participants: BookingParticipants;
  /** RESCHEDULED: the original booking's uid. */
  rescheduledFromUid: string | null;
}
