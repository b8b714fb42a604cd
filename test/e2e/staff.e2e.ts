import { beforeAll, describe, expect, it } from "vitest";
import { logins } from "../support/console-app.ts";
import { useConsoleBrowser } from "../support/console-browser.ts";

describe("staff pages in Chromium", () => {
  // The refused preview answers 422, which Chromium logs as a failed load (ignored).
  const ui = useConsoleBrowser({ shots: { prefix: "staff-" } });

  beforeAll(async () => {
    // The host matching "Sync now" runs: the list then shows who is mapped to which host.
    await ui.h.useCases.sync.syncServiceHosts(
      { company: ui.h.salon, actor: { type: "cli" } },
      { trigger: "cli" },
    );
  });

  const staffPath = () => `/admin/companies/${ui.h.salon.id}/staff`;

  it("logs in and opens the Staff tab", async () => {
    await ui.logIn(logins.salon, { from: staffPath(), landing: ui.url(staffPath()) });
    await ui.page.getByRole("heading", { name: "Staff", exact: true }).waitFor();
    expect(await ui.page.locator("#staff-list tbody tr").count()).toBe(
      (await ui.h.store.staff.list(ui.h.salon.id)).length,
    );
    await ui.shoot("list-en", { phone: true });
  });

  it("adds a staff member, showing a refused field first", async () => {
    await ui.page.getByRole("link", { name: "Add staff member" }).click();
    await ui.page.getByLabel("Name").fill("Mia Neu");
    // type=email would stop the browser's own submit: the server's answer is what is tested.
    await ui.page.evaluate("document.getElementById('staff-email').type = 'text'");
    await ui.page.getByLabel("Email").fill("mia@");
    await ui.page.getByRole("button", { name: "Add staff member" }).click();
    await ui.page.getByText("Email: not an email address").first().waitFor();
    expect(await ui.page.getByLabel("Name").inputValue()).toBe("Mia Neu");
    await ui.page.getByLabel("Email").fill("mia@salon-beispiel.de");
    await ui.page.getByRole("button", { name: "Add staff member" }).click();
    await ui.page.getByText("Mia Neu was added.").waitFor();
  });

  it("deactivates after asking", async () => {
    await ui.page
      .locator("#staff-list tr", { hasText: "Petra Neumann" })
      .getByRole("link", { name: "Deactivate" })
      .click();
    await ui.page.getByRole("heading", { name: "Deactivate Petra Neumann?" }).waitFor();
    await ui.page.getByRole("button", { name: "Deactivate" }).click();
    await ui.page.getByText("Petra Neumann is now inactive.").waitFor();
    const last = ui.page.locator("#staff-list tbody tr").last();
    expect(await last.textContent()).toContain("Petra Neumann");
  });

  it("previews an upload in German with an error line, then imports a good one", async () => {
    await ui.page.getByRole("button", { name: "DE", exact: true }).click();
    await ui.page.getByRole("heading", { name: "Mitarbeitende", exact: true }).waitFor();
    await ui.shoot("list-de");
    await ui.page.getByLabel("Mitarbeiterdatei", { exact: true }).setInputFiles({
      name: "mitarbeiter.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "Name;E-Mail;Telefon;Aktiv\nKatrin L\xf6we;katrin@salon-beispiel.de;;ja\nOhne Mail;kaputt@;;ja\n",
        "latin1",
      ),
    });
    await ui.page.getByRole("button", { name: "Vorschau" }).click();
    await ui.page.getByRole("heading", { name: "Vorschau der Mitarbeiterdatei" }).waitFor();
    expect(await ui.page.locator("#staff-issues").textContent()).toContain("Zeile 3 · E-Mail");
    expect(await ui.page.locator("#staff-preview").textContent()).toContain("Katrin Löwe");
    expect(await ui.page.getByRole("button", { name: "Importieren" }).count()).toBe(0);
    await ui.shoot("preview-error-de", { phone: true });

    await ui.page.getByLabel("Mitarbeiterdatei", { exact: true }).setInputFiles({
      name: "mitarbeiter.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "Name;E-Mail;Telefon;Aktiv\nKatrin L\xf6we;katrin@salon-beispiel.de;;ja\nJ\xf6rg M\xfcller;joerg.mueller@salon-beispiel.de;030 1234567;ja\n",
        "latin1",
      ),
    });
    await ui.page.getByRole("button", { name: "Vorschau" }).click();
    await ui.page.getByText("1 neu, 0 geändert, 1 unverändert.").waitFor();
    expect(await ui.page.getByText("Windows-1252 (Excel)").count()).toBe(1);
    await ui.shoot("preview-de");
    await ui.page.getByRole("button", { name: "Importieren" }).click();
    await ui.page.getByText("Importiert: 1 neu, 0 aktualisiert, 1 unverändert.").waitFor();
    expect(await ui.page.locator("#staff-list").textContent()).toContain("Katrin Löwe");
    const katrin = (await ui.h.store.staff.list(ui.h.salon.id)).find(
      (s) => s.email === "katrin@salon-beispiel.de",
    );
    expect(katrin?.name).toBe("Katrin Löwe");
    await ui.shoot("list-de", { phone: "only" });
    expect(ui.pageErrors).toEqual([]);
  });
});
