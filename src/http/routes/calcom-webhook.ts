import { type Context, Hono } from "hono";
import { parseCalcomWebhook, signingSecret, toBookingEvent } from "../../calcom/webhook.ts";
import type { Company } from "../../domain/entities.ts";
import { NotFoundError } from "../../domain/errors.ts";
import { acceptedWebhookSecrets } from "../../domain/webhook-secret.ts";
import type { UseCases } from "../../features/use-cases.ts";
import { type Clock, systemClock } from "../../platform/clock.ts";
import type { Logger } from "../../platform/logger.ts";
import { problemResponse } from "../problem.ts";
import { type RawBodyVariables, rawBody, requestHeader } from "../raw-body.ts";

export interface CalcomWebhookDeps {
  useCases: {
    company: Pick<UseCases["company"], "getCompany">;
    appointments: Pick<UseCases["appointments"], "ingestCalcomBooking" | "recordIgnoredWebhook">;
  };
  logger: Logger;
  /** When a rotated-out secret stops being accepted is read from it. */
  clock?: Clock;
  /** How long a delivery's body may take to arrive (default 10 s). */
  bodyTimeoutMs?: number;
}

/**
 * `POST /webhooks/calcom/:companySlug`: the signature is checked on the raw body with that
 * company's secret (or, for 24 hours after a rotation, the one it replaced) before anything is
 * parsed or stored; a bad or missing one is a 401, and so is an unknown slug (the same status and
 * body: slugs cannot be enumerated).
 */
export function calcomWebhookRoutes(
  deps: CalcomWebhookDeps,
): Hono<{ Variables: RawBodyVariables }> {
  const app = new Hono<{ Variables: RawBodyVariables }>();
  app.post(
    "/webhooks/calcom/:companySlug",
    rawBody(
      512 * 1024,
      (c) => problemResponse(c, 413, "payload_too_large", "the body is larger than 512 KiB"),
      {
        // A delivery that drips in is cut off (408, connection closed) instead of holding it.
        timeoutMs: deps.bodyTimeoutMs ?? 10_000,
        tooSlow: (c) => problemResponse(c, 408, "timeout", "the body did not arrive in time"),
      },
    ),
    async (c) => {
      const raw = c.get("rawBody");
      const slug = c.req.param("companySlug");
      const signature = requestHeader(c, "x-cal-signature-256");
      const now = (deps.clock ?? systemClock).now();
      const signedFor = (company: Company) =>
        signingSecret(raw, signature, acceptedWebhookSecrets(company.calcom, now))?.use ?? null;
      let company: Company;
      let signedWith: ReturnType<typeof signedFor>;
      try {
        company = await deps.useCases.company.getCompany.bySlug(slug);
        signedWith = signedFor(company);
        // The company is read from a copy of a few seconds; a secret just changed on another
        // instance is checked against the database before the delivery is refused.
        if (!signedWith) {
          company = await deps.useCases.company.getCompany.bySlug(slug, { fresh: true });
          signedWith = signedFor(company);
        }
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        // Answered exactly like a bad signature, so company slugs cannot be probed here.
        deps.logger.warn({ slug }, "Cal.com webhook for an unknown company refused");
        return refused(c);
      }
      if (!signedWith) {
        deps.logger.warn(
          { company: company.slug },
          "Cal.com webhook with a bad or missing signature refused",
        );
        return refused(c);
      }
      const ctx = { company, actor: { type: "webhook" } as const };
      const delivery = { signedWithPrevious: signedWith === "previous" };
      const parsed = parseCalcomWebhook(raw);
      if (parsed.kind === "invalid") {
        return problemResponse(c, 400, "invalid_input", `${parsed.path}: ${parsed.message}`);
      }
      if (parsed.kind === "ignored") {
        await deps.useCases.appointments.recordIgnoredWebhook(
          ctx,
          "calcom",
          parsed.trigger,
          raw,
          delivery,
        );
        return c.json({ ok: true, outcome: "ignored" });
      }
      const result = await deps.useCases.appointments.ingestCalcomBooking(
        ctx,
        toBookingEvent(parsed.trigger, parsed.booking),
        raw,
        delivery,
      );
      if (result.outcome === "refused_foreign_event_type") {
        deps.logger.warn(
          { company: company.slug, eventTypeId: parsed.booking.eventTypeId },
          "Cal.com booking of a foreign event type refused",
        );
      }
      result.followUp?.catch((e: unknown) =>
        deps.logger.error({ err: e, company: company.slug }, "sync after an unmapped host failed"),
      );
      return c.json({
        ok: true,
        outcome: result.outcome,
        appointmentId: result.appointment?.id ?? null,
      });
    },
  );
  return app;
}

/** The one answer for an unknown company and for a bad or missing signature. */
const refused = (c: Context) =>
  problemResponse(c, 401, "unauthorized", "invalid or missing X-Cal-Signature-256");
