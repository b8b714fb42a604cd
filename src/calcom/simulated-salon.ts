import { type Company, defaultThresholds } from "../domain/entities.ts";
import { Secret } from "../domain/secret.ts";

/**
 * For the adapter's tests: the demo salon as a company wired to the simulator's team 1001, whose
 * requests a test routes to the simulator (`http://calcom.test`).
 */
export function simulatedSalon(at: Date): Company {
  return {
    id: "c1",
    name: "Salon",
    slug: "salon",
    timezone: "Europe/Berlin",
    locale: "de",
    country: "DE",
    calcom: {
      baseUrl: "http://calcom.test",
      teamId: 1001,
      apiKey: new Secret("cal_test_salon_beispiel"),
      webhookSecret: null,
    },
    thresholds: defaultThresholds,
    notifyEmail: null,
    notifyWebhookUrl: null,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
}
