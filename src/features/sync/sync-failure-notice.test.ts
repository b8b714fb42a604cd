import { describe, expect, it } from "vitest";
import { type SyncFailureFacts, syncFailureNotice } from "./sync-failure-notice.ts";

const facts = (over: Partial<SyncFailureFacts> = {}): SyncFailureFacts => ({
  company: { name: "Salon Beispiel", locale: "de", timezone: "Europe/Berlin" },
  status: "failed",
  error: "Cal.com rejected the API key",
  runId: "run-7",
  lastSuccessAt: "2025-01-15T02:00:05.000Z",
  consoleUrl: "https://frontdesk.test/admin/companies/c1",
  ...over,
});

describe("syncFailureNotice", () => {
  it("tells a German company in German", () => {
    expect(syncFailureNotice(facts())).toEqual({
      subject: "Frontdesk: Cal.com-Synchronisierung für Salon Beispiel fehlgeschlagen",
      text: [
        "Die geplante Cal.com-Synchronisierung für Salon Beispiel ist fehlgeschlagen.",
        "",
        "Fehler: Cal.com rejected the API key",
        "Letzte erfolgreiche Synchronisierung: 15.01.2025, 03:00 (Europe/Berlin)",
        "Lauf: run-7",
        "Konsole: https://frontdesk.test/admin/companies/c1",
        "",
        "Team-Daten und Zuordnungen bleiben, wie sie waren, bis eine Synchronisierung gelingt.",
        "",
      ].join("\n"),
    });
  });

  it("tells an English company in English", () => {
    const notice = syncFailureNotice(
      facts({
        company: { name: "Bright Smiles Dental", locale: "en", timezone: "Europe/London" },
        status: "partial",
      }),
    );
    expect(notice).toEqual({
      subject: "Frontdesk: Cal.com sync for Bright Smiles Dental incomplete",
      text: [
        "The scheduled Cal.com sync for Bright Smiles Dental completed only in part.",
        "",
        "Error: Cal.com rejected the API key",
        "Last successful sync: 15 Jan 2025, 02:00 (Europe/London)",
        "Run: run-7",
        "Console: https://frontdesk.test/admin/companies/c1",
        "",
        "Team data and mappings stay as they were until a sync succeeds.",
        "",
      ].join("\n"),
    });
  });

  it("says when there was no success, no error text and no run", () => {
    const de = syncFailureNotice(facts({ lastSuccessAt: null, error: null, runId: null }));
    expect(de.subject).toBe(
      "Frontdesk: Cal.com-Synchronisierung für Salon Beispiel fehlgeschlagen",
    );
    expect(de.text).toContain("Fehler: keine Angabe\n");
    expect(de.text).toContain("Letzte erfolgreiche Synchronisierung: noch keine\n");
    expect(de.text).not.toContain("Lauf:");
    const en = syncFailureNotice(
      facts({
        company: { name: "Bright", locale: "en", timezone: "UTC" },
        lastSuccessAt: null,
        error: null,
        runId: null,
      }),
    );
    expect(en.subject).toBe("Frontdesk: Cal.com sync for Bright failed");
    expect(en.text).toContain("Error: not given\n");
    expect(en.text).toContain("Last successful sync: none yet\n");
    expect(en.text).not.toContain("Run:");
  });
});
