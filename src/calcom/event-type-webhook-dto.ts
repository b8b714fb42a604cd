import { z } from "zod";

/**
 * EventTypeWebhookOutputDto as Cal.com's code sends it. The OpenAPI document types `id` as a
 * number (it is a string, also in the `{webhookId}` path) and the `triggers` items as objects
 * (they are trigger names); the secret is not read back.
 */
export const EventTypeWebhookSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  subscriberUrl: z.string(),
  active: z.boolean(),
  triggers: z.array(z.string()),
});

export type CalcomEventTypeWebhook = z.output<typeof EventTypeWebhookSchema>;

/** CreateWebhookInputDto; `triggers` is an array, though the document types it as a string. */
export interface EventTypeWebhookInput {
  subscriberUrl: string;
  active: boolean;
  triggers: readonly string[];
  secret?: string;
}
