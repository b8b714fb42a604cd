import { describe, expect, it } from "vitest";
import { Secret } from "./secret.ts";
import {
  acceptedWebhookSecrets,
  previousSecretInForce,
  previousSecretOverlapMs,
  rotateWebhookSecret,
} from "./webhook-secret.ts";

const at = (iso: string) => new Date(iso);
const uses = (list: ReturnType<typeof acceptedWebhookSecrets>) =>
  list.map((s) => [s.use, s.secret.reveal()]);

describe("webhook secret rotation", () => {
  const rotated = rotateWebhookSecret(
    new Secret("old-secret"),
    new Secret("new-secret"),
    at("2026-03-01T10:00:00.000Z"),
  );

  it("keeps the replaced secret for 24 hours from the rotation", () => {
    expect(previousSecretOverlapMs).toBe(86_400_000);
    expect(rotated.webhookSecret.reveal()).toBe("new-secret");
    expect(rotated.previousWebhookSecret?.secret.reveal()).toBe("old-secret");
    expect(rotated.previousWebhookSecret?.validUntil).toBe("2026-03-02T10:00:00.000Z");
  });

  it("accepts the current secret first and the previous one only within the window", () => {
    expect(uses(acceptedWebhookSecrets(rotated, at("2026-03-01T10:00:00.000Z")))).toEqual([
      ["current", "new-secret"],
      ["previous", "old-secret"],
    ]);
    expect(uses(acceptedWebhookSecrets(rotated, at("2026-03-02T09:59:59.999Z")))).toEqual([
      ["current", "new-secret"],
      ["previous", "old-secret"],
    ]);
    // The window ends at validUntil itself.
    expect(uses(acceptedWebhookSecrets(rotated, at("2026-03-02T10:00:00.000Z")))).toEqual([
      ["current", "new-secret"],
    ]);
    expect(previousSecretInForce(rotated, at("2026-03-05T00:00:00.000Z"))).toBeNull();
  });

  it("keeps no previous secret when there was none, and accepts nothing without secrets", () => {
    const first = rotateWebhookSecret(null, new Secret("first"), at("2026-03-01T10:00:00.000Z"));
    expect(first.previousWebhookSecret).toBeNull();
    expect(uses(acceptedWebhookSecrets(first, at("2026-03-01T10:00:00.000Z")))).toEqual([
      ["current", "first"],
    ]);
    expect(
      acceptedWebhookSecrets({ webhookSecret: null, previousWebhookSecret: null }, new Date()),
    ).toEqual([]);
  });

  it("a second rotation within the window keeps only the secret it replaced", () => {
    const again = rotateWebhookSecret(
      rotated.webhookSecret,
      new Secret("newest"),
      at("2026-03-01T12:00:00.000Z"),
    );
    expect(uses(acceptedWebhookSecrets(again, at("2026-03-01T12:00:00.000Z")))).toEqual([
      ["current", "newest"],
      ["previous", "new-secret"],
    ]);
    expect(again.previousWebhookSecret?.validUntil).toBe("2026-03-02T12:00:00.000Z");
  });
});
