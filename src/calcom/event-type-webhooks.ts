import type { Company } from "../domain/entities.ts";
import type { CalcomEventTypeWebhooks } from "../domain/ports/calcom-webhooks.ts";
import { type CalcomClientOptions, createCalcomClient } from "./client.ts";
import { retryPolicies } from "./retry.ts";

/** The event type webhook port over the Cal.com client, retried like a team sync. */
export function createCalcomEventTypeWebhooks(
  options: Pick<
    CalcomClientOptions,
    "fetch" | "rateLimiter" | "rateLimiters" | "rateLimitPerMinute" | "sleep"
  > = {},
): CalcomEventTypeWebhooks {
  const client = (company: Company, usage: { requests: number }) => {
    if (!company.calcom.apiKey) {
      throw new Error(`${company.name} has no Cal.com API key; webhooks are managed with it`);
    }
    return createCalcomClient({
      ...options,
      baseUrl: company.calcom.baseUrl,
      apiKey: company.calcom.apiKey,
      policy: retryPolicies.sync,
      onRequest: () => {
        usage.requests++;
      },
    });
  };
  return {
    list: async (company, eventTypeId, usage) =>
      client(company, usage).listEventTypeWebhooks(eventTypeId),
    create: async (company, eventTypeId, webhook, usage) =>
      client(company, usage).createEventTypeWebhook(eventTypeId, { ...webhook, active: true }),
    update: async (company, eventTypeId, webhookId, webhook, usage) =>
      client(company, usage).updateEventTypeWebhook(eventTypeId, webhookId, {
        ...webhook,
        active: true,
      }),
  };
}
