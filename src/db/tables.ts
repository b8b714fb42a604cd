import type { Generated, SqlBool } from "kysely";

/**
 * Kysely table types: the one description of the database schema in TypeScript.
 * Timestamps are ISO-8601 UTC strings on both engines (PostgreSQL's timestamptz is parsed to
 * ISO in connect.ts); booleans come back as 0/1 from SQLite, hence SqlBool; JSON is stored as text.
 */

type Timestamp = string;

export interface CompanyTable {
  id: string;
  name: string;
  slug: string;
  timezone: string;
  locale: string;
  country: string;
  calcom_base_url: string;
  calcom_team_id: number | null;
  calcom_api_key_enc: string | null;
  calcom_webhook_secret_enc: string | null;
  /** The secret the last rotation replaced, and when it stops being accepted (0010). */
  calcom_previous_webhook_secret_enc: Generated<string | null>;
  calcom_previous_webhook_secret_until: Generated<Timestamp | null>;
  auto_threshold: number;
  suggest_threshold: number;
  notify_email: string | null;
  notify_webhook_url: string | null;
  /** Where the agent hands a call to a person, E.164 (0013). */
  transfer_number: Generated<string | null>;
  /** Whether the company's Cal.com takes rrHostSubsetIds: supported / unsupported / null (0013). */
  calcom_chosen_hosts: Generated<string | null>;
  /** What `retell-agent provision` created (0013). */
  retell_llm_id: Generated<string | null>;
  retell_agent_id: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PhoneNumberTable {
  id: string;
  company_id: string;
  number: string;
  label: string | null;
  created_at: Timestamp;
}

export interface RetellAgentTable {
  id: string;
  company_id: string;
  agent_id: string;
  created_at: Timestamp;
}

export interface StaffTable {
  id: string;
  company_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  active: SqlBool;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ServiceTable {
  id: string;
  company_id: string;
  name: string;
  duration_minutes: number;
  price_cents: number | null;
  active: SqlBool;
  calcom_event_type_id: number | null;
  /** The last refusal Cal.com gave a booking of this service that was not "slot taken". */
  booking_problem_code: string | null;
  booking_problem_message: string | null;
  booking_problem_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CalcomMemberTable {
  company_id: string;
  calcom_user_id: number;
  membership_id: number | null;
  email: string | null;
  name: string | null;
  username: string | null;
  avatar_url: string | null;
  role: string;
  accepted: SqlBool;
  removed_at: Timestamp | null;
  synced_at: Timestamp;
}

export interface CalcomEventTypeTable {
  company_id: string;
  event_type_id: number;
  team_id: number | null;
  title: string;
  slug: string;
  length_in_minutes: number;
  scheduling_type: string | null;
  hidden: SqlBool;
  requires_confirmation: Generated<SqlBool>;
  /** JSON array of bookability codes that keep the voice agent from booking it. */
  problems_json: Generated<string>;
  /** JSON array of bookability codes worth knowing that do not block booking. */
  notices_json: Generated<string>;
  /** Bookings and slots can be restricted to chosen hosts (rrHostSubsetEnabled, 0013). */
  chosen_hosts: Generated<SqlBool>;
  removed_at: Timestamp | null;
  synced_at: Timestamp;
}

export interface CalcomEventTypeHostTable {
  company_id: string;
  event_type_id: number;
  calcom_user_id: number;
  /** Hosts carry their own name/username/avatar in Cal.com's event-type listing (no email). */
  name: string | null;
  username: string | null;
  avatar_url: string | null;
  mandatory: SqlBool;
  priority: string | null;
  removed_at: Timestamp | null;
  synced_at: Timestamp;
}

export interface HostMappingTable {
  id: string;
  company_id: string;
  calcom_user_id: number;
  staff_id: string;
  status: string;
  source: string;
  confidence: number;
  reason_code: string;
  reason_text: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MappingAuditTable {
  id: string;
  company_id: string;
  calcom_user_id: number;
  staff_id: string | null;
  action: string;
  before_json: string | null;
  after_json: string | null;
  actor_type: string;
  actor_id: string | null;
  reason: string | null;
  created_at: Timestamp;
}

export interface CustomerTable {
  id: string;
  company_id: string;
  name: string | null;
  phone: string;
  email: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AppointmentTable {
  id: string;
  company_id: string;
  service_id: string | null;
  staff_id: string | null;
  customer_id: string | null;
  calcom_user_id: number | null;
  calcom_booking_uid: string;
  calcom_booking_id: number | null;
  calcom_event_type_id: number | null;
  start_at: Timestamp;
  end_at: Timestamp;
  status: string;
  source: string;
  retell_call_id: string | null;
  idempotency_key: string | null;
  rescheduled_from_uid: string | null;
  rescheduled_to_uid: string | null;
  notes: string | null;
  /** The attendee of this booking as Cal.com has it. */
  attendee_name: string | null;
  attendee_email: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BookingAttemptTable {
  company_id: string;
  idempotency_key: string;
  /** booking | unknown | abandoned */
  state: string;
  call_id: string | null;
  service_id: string | null;
  customer_id: string | null;
  event_type_id: number;
  start_at: Timestamp;
  attendee_name: string;
  attendee_email: string;
  attendee_phone: string | null;
  notes: string | null;
  started_at: Timestamp;
  next_check_at: Timestamp;
  checks: Generated<number>;
  last_error: string | null;
  finished_at: Timestamp | null;
}

export interface CallTable {
  id: string;
  company_id: string;
  retell_call_id: string;
  agent_id: string | null;
  from_number: string | null;
  to_number: string | null;
  direction: string | null;
  status: string;
  customer_id: string | null;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
  duration_ms: number | null;
  summary: string | null;
  outcome: string | null;
  sentiment: string | null;
  found_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  /** A name refused as a placeholder in this call, normalised: said again, it is accepted (0013). */
  refused_name: Generated<string | null>;
  /** How often this call asked for a service we do not offer (0013). */
  unknown_services: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The Cal.com slot reservation a call holds while the caller gives their details (0013). */
export interface SlotHoldTable {
  company_id: string;
  retell_call_id: string;
  reservation_uid: string;
  event_type_id: number;
  start_at: Timestamp;
  expires_at: Timestamp;
  created_at: Timestamp;
}

/** A Cal.com webhook Frontdesk installed on one of the company's event types (0013). */
export interface CalcomWebhookTable {
  company_id: string;
  event_type_id: number;
  webhook_id: string;
  subscriber_url: string;
  /** sha256 of the secret it was installed with (never the secret): a rotation installs again. */
  secret_fingerprint: string;
  installed_at: Timestamp;
}

export interface InboxEventTable {
  id: string;
  company_id: string;
  provider: string;
  event_type: string;
  dedupe_key: string;
  payload: string;
  received_at: Timestamp;
  processed_at: Timestamp | null;
  outcome: string | null;
  error: string | null;
  /** sha256 (hex) of the payload as received, once the payload itself was redacted. */
  payload_sha256: Generated<string | null>;
  redacted_at: Generated<Timestamp | null>;
  /** Verified with the secret a rotation replaced, within its window (0010). */
  signed_with_previous: Generated<SqlBool>;
}

/** Who changed which of a company's settings when, never the values (0010). */
export interface CompanyAuditTable {
  id: string;
  company_id: string;
  action: string;
  /** The settings a change touched, comma-separated names (never their values). */
  fields: string | null;
  actor_type: string;
  actor_id: string | null;
  created_at: Timestamp;
}

/** Who erased which customer id when, with row counts: never the personal data itself. */
export interface PrivacyAuditTable {
  id: string;
  company_id: string;
  action: string;
  customer_id: string | null;
  actor_type: string;
  actor_id: string | null;
  counts_json: string;
  created_at: Timestamp;
}

export interface SyncRunTable {
  id: string;
  company_id: string;
  kind: string;
  trigger: string;
  scope: string | null;
  status: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  counts_json: string | null;
  calcom_requests: number;
  error: string | null;
  /** How its Cal.com call failed (0012). */
  error_kind?: string | null;
  /** The job it ran in (0015); a retry of the job continues this row. */
  job_id?: string | null;
}

export interface CompanyLockTable {
  company_id: string;
  name: string;
  holder: string;
  acquired_at: Timestamp;
  expires_at: Timestamp;
}

export interface ReconcileCursorTable {
  company_id: string;
  /** The highest Cal.com booking `updatedAt` a reconciliation applied. */
  updated_at_cursor: Timestamp;
  saved_at: Timestamp;
}

export interface AppUserTable {
  id: string;
  email: string;
  password_hash: string;
  role: string;
  company_id: string | null;
  locale: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Set while the login is disabled (0009). */
  disabled_at?: Timestamp | null;
  /** The last successful login (0012). */
  last_login_at?: Timestamp | null;
}

/** A one-time invite or password-reset link; only the token's SHA-256 is stored (0009). */
export interface UserTokenTable {
  id_hash: string;
  kind: string;
  email: string;
  role: string;
  company_id: string | null;
  user_id: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_by: string;
  created_at: Timestamp;
}

/** Who changed which login how (0009). */
export interface UserAuditTable {
  id: string;
  actor_user_id: string;
  actor_email: string;
  action: string;
  target_email: string;
  at: Timestamp;
}

/** A console login session; only a hash of the token is stored. */
export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  expires_at: Timestamp;
  created_at: Timestamp;
}

/** Failed console logins per email, known or not: the lockout. */
export interface LoginAttemptTable {
  email_key: string;
  failures: number;
  last_failure_at: Timestamp;
  locked_until: Timestamp | null;
}

/** Failed console logins per client address (every email together). */
export interface LoginAddressAttemptTable {
  address: string;
  failures: number;
  last_failure_at: Timestamp;
  locked_until: Timestamp | null;
}

/** A platform admin's early unlock of a locked login email or client address. */
export interface LoginUnlockAuditTable {
  id: string;
  /** The email key, or the client address when `kind` is "address". */
  email_key: string;
  kind: Generated<string>;
  actor_user_id: string;
  actor_email: string;
  unlocked_at: Timestamp;
}

export interface DB {
  company: CompanyTable;
  phone_number: PhoneNumberTable;
  retell_agent: RetellAgentTable;
  staff: StaffTable;
  service: ServiceTable;
  calcom_member: CalcomMemberTable;
  calcom_event_type: CalcomEventTypeTable;
  calcom_event_type_host: CalcomEventTypeHostTable;
  host_mapping: HostMappingTable;
  mapping_audit: MappingAuditTable;
  customer: CustomerTable;
  appointment: AppointmentTable;
  call: CallTable;
  booking_attempt: BookingAttemptTable;
  inbox_event: InboxEventTable;
  sync_run: SyncRunTable;
  company_lock: CompanyLockTable;
  reconcile_cursor: ReconcileCursorTable;
  app_user: AppUserTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  login_address_attempt: LoginAddressAttemptTable;
  login_unlock_audit: LoginUnlockAuditTable;
  user_token: UserTokenTable;
  user_audit: UserAuditTable;
  privacy_audit: PrivacyAuditTable;
  company_audit: CompanyAuditTable;
  slot_hold: SlotHoldTable;
  calcom_webhook: CalcomWebhookTable;
  api_token: ApiTokenTable;
  api_audit: ApiAuditTable;
}

/** A bearer token of the JSON API: platform-wide (company_id null) or one company's. */
export interface ApiTokenTable {
  id: string;
  company_id: string | null;
  name: string;
  scope: string;
  /** SHA-256 (hex) of the secret; the secret itself is shown once and never stored. */
  secret_hash: string;
  prefix: string;
  created_by_type: string;
  created_by_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** One write made through the JSON API. */
export interface ApiAuditTable {
  id: string;
  company_id: string | null;
  token_id: string;
  method: string;
  /** The route pattern ("/api/v1/companies/{companyId}/staff"), never ids or query strings. */
  route: string;
  status: number;
  created_at: Timestamp;
}
