import { createHash } from "node:crypto";
import type { TenantContext } from "../../domain/entities.ts";
import type { InputIssue } from "../../domain/errors.ts";
import { ValidationError } from "../../domain/errors.ts";
import {
  bookingWebhookTriggers,
  type CalcomEventTypeWebhooks,
  type CalcomWebhookInfo,
  type InstalledCalcomWebhook,
} from "../../domain/ports/calcom-webhooks.ts";
import type { Store } from "../../domain/ports/store.ts";
import type { Clock } from "../../platform/clock.ts";

export type WebhookInstallOutcome = "created" | "updated" | "unchanged" | "failed";

export interface WebhookInstallResult {
  subscriberUrl: string;
  eventTypes: {
    eventTypeId: number;
    title: string;
    outcome: WebhookInstallOutcome;
    webhookId: string | null;
    /** Why it was updated, or why it failed. */
    reason: string | null;
  }[];
  counts: Record<WebhookInstallOutcome, number>;
  calcomRequests: number;
}

export interface InstallWebhooksInput {
  /** Skips event types whose stored webhook has this URL and secret: no request at all. */
  onlyMissing?: boolean;
  /** Only event types that already have our webhook (after a secret rotation). */
  installedOnly?: boolean;
  /**
   * The address Cal.com reaches us at, for a server this process does not run (the benchmark
   * seeds the demo for a server in another process); otherwise PUBLIC_URL.
   */
  publicUrl?: string;
}

export const secretFingerprint = (secret: string) =>
  createHash("sha256").update(secret, "utf8").digest("hex");

/**
 * Puts our booking webhook on every Cal.com event type an active service is linked to (a team's
 * bookings only reach a webhook on the event type itself or the organization). Ours is the one
 * with our URL, or the one stored for the event type; it is updated when its triggers, state,
 * URL or secret differ — the secret whenever its stored fingerprint differs, as Cal.com never
 * shows it back. The row is stored only after Cal.com confirmed, so a failure leaves nothing
 * half-written, and a second run sends no write.
 */
export function makeInstallCalcomWebhooks(deps: {
  store: Pick<Store, "services" | "calcomMirror" | "calcomWebhooks">;
  calcom: CalcomEventTypeWebhooks;
  clock: Clock;
  /** PUBLIC_URL (on the demo, the console's own address); undefined while not set. */
  publicUrl: () => string | undefined;
}) {
  return async (
    ctx: TenantContext,
    input: InstallWebhooksInput = {},
  ): Promise<WebhookInstallResult> => {
    const { company } = ctx;
    const publicUrl = (input.publicUrl ?? deps.publicUrl())?.replace(/\/+$/, "");
    const secret = company.calcom.webhookSecret?.reveal();
    const apiKey = company.calcom.apiKey?.reveal();
    if (!publicUrl || !secret || !apiKey) {
      const missing = [
        !publicUrl &&
          issue("PUBLIC_URL", "PUBLIC_URL to the https address Cal.com reaches this server at"),
        !secret &&
          issue("calcomWebhookSecret", "the company's Cal.com webhook secret (or rotate one)"),
        !apiKey && issue("calcomApiKey", "the company's Cal.com API key"),
      ].filter((m): m is InputIssue & { hint: string } => m !== false);
      throw new ValidationError(
        `Cal.com webhooks for ${company.name} cannot be installed yet: set ${missing.map((m) => m.hint).join("; ")}`,
        missing.map(({ hint: _, ...rest }) => rest),
      );
    }
    const subscriberUrl = `${publicUrl}/webhooks/calcom/${company.slug}`;
    const fingerprint = secretFingerprint(secret);
    const triggers = [...bookingWebhookTriggers];

    const [services, eventTypes, installed] = await Promise.all([
      deps.store.services.list(company.id),
      deps.store.calcomMirror.listEventTypes(company.id),
      deps.store.calcomWebhooks.list(company.id),
    ]);
    const linked = new Set(services.flatMap((s) => (s.active ? [s.calcomEventTypeId] : [])));
    const stored = new Map(installed.map((row) => [row.eventTypeId, row]));
    const targets = eventTypes
      .filter(
        (e) =>
          e.removedAt === null &&
          linked.has(e.eventTypeId) &&
          (!input.installedOnly || stored.has(e.eventTypeId)),
      )
      .sort((a, b) => a.eventTypeId - b.eventTypeId);

    const usage = { requests: 0 };
    const result: WebhookInstallResult = {
      subscriberUrl,
      eventTypes: [],
      counts: { created: 0, updated: 0, unchanged: 0, failed: 0 },
      calcomRequests: 0,
    };
    // One event type after another: the company's API key has one rate limit.
    for (const eventType of targets) {
      const { eventTypeId } = eventType;
      const row = stored.get(eventTypeId);
      const upToDate =
        row?.subscriberUrl === subscriberUrl && row.secretFingerprint === fingerprint;
      let outcome: WebhookInstallOutcome = "unchanged";
      let webhookId = row?.webhookId ?? null;
      let reason: string | null = null;
      if (!(input.onlyMissing && upToDate)) {
        try {
          const hooks = await deps.calcom.list(company, eventTypeId, usage);
          const ours =
            hooks.find((h) => h.subscriberUrl === subscriberUrl) ??
            hooks.find((h) => h.id === row?.webhookId);
          const webhook = { subscriberUrl, secret, triggers };
          let saved: CalcomWebhookInfo;
          if (!ours) {
            saved = await deps.calcom.create(company, eventTypeId, webhook, usage);
            outcome = "created";
          } else {
            reason = whyUpdate(ours, row, { subscriberUrl, fingerprint });
            saved = reason
              ? await deps.calcom.update(company, eventTypeId, ours.id, webhook, usage)
              : ours;
            if (reason) outcome = "updated";
          }
          webhookId = saved.id;
          if (outcome !== "unchanged") {
            const installedAt = deps.clock.now().toISOString();
            const next: InstalledCalcomWebhook = {
              eventTypeId,
              webhookId,
              subscriberUrl,
              secretFingerprint: fingerprint,
              installedAt,
            };
            await deps.store.calcomWebhooks.save(company.id, next);
          }
        } catch (error) {
          outcome = "failed";
          // Never show a key or secret back, even if an error message were to quote one.
          reason = messageOf(error).replaceAll(apiKey, "…").replaceAll(secret, "…");
        }
      }
      result.counts[outcome]++;
      result.eventTypes.push({ eventTypeId, title: eventType.title, outcome, webhookId, reason });
    }
    result.calcomRequests = usage.requests;
    return result;
  };
}

/** Why our webhook in Cal.com needs a PATCH, or null when it is as we want it. */
function whyUpdate(
  ours: CalcomWebhookInfo,
  row: InstalledCalcomWebhook | undefined,
  want: { subscriberUrl: string; fingerprint: string },
): string | null {
  if (ours.subscriberUrl !== want.subscriberUrl) return "the subscriber URL changed";
  if (!ours.active) return "it was inactive";
  const has = new Set(ours.triggers);
  const same =
    has.size === bookingWebhookTriggers.length && bookingWebhookTriggers.every((t) => has.has(t));
  if (!same) return `its triggers were ${ours.triggers.join(", ") || "none"}`;
  if (row?.webhookId !== ours.id || row.secretFingerprint !== want.fingerprint) {
    return "its secret may differ from the company's";
  }
  return null;
}

const issue = (where: string, hint: string) => ({ where, message: "is not set", hint });

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
