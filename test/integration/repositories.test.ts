import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Company } from "../../src/domain/entities.ts";
import { ConflictError } from "../../src/domain/errors.ts";
import { Secret } from "../../src/domain/secret.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../support/database.ts";
import { newEventType, newStaff } from "../support/factories.ts";
import { companyInput, storeFor } from "../support/fixtures.ts";

describe.each(testEngines())("repositories on %s", (engine) => {
  let database: TestDatabase;
  let store: ReturnType<typeof storeFor>;
  let a: Company;
  let b: Company;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    store = storeFor(database);
    a = await store.companies.create(companyInput("alpha"));
    b = await store.companies.create(companyInput("beta"));
  });
  afterAll(() => database.drop());

  describe("companies", () => {
    it("round-trips a company with its secrets decrypted", async () => {
      const found = await store.companies.findBySlug("alpha");
      expect(found).toMatchObject({
        id: a.id,
        slug: "alpha",
        timezone: "Europe/Berlin",
        thresholds: { auto: 90, suggest: 60 },
      });
      expect(found?.calcom.apiKey?.reveal()).toBe("cal_live_alpha_key");
      expect(found?.calcom.webhookSecret?.reveal()).toBe("whsec_alpha_secret");
      expect(await store.companies.findById(b.id)).toMatchObject({ slug: "beta" });
    });

    it("stores credentials encrypted (AES-256-GCM), never in plain text", async () => {
      const row = await database.db
        .selectFrom("company")
        .select(["calcom_api_key_enc", "calcom_webhook_secret_enc"])
        .where("id", "=", a.id)
        .executeTakeFirstOrThrow();
      expect(row.calcom_api_key_enc).toMatch(/^v1:/);
      expect(JSON.stringify(row)).not.toContain("cal_live_alpha_key");
      expect(JSON.stringify(row)).not.toContain("whsec_alpha_secret");
    });

    it("refuses a duplicate slug", async () => {
      await expect(store.companies.create(companyInput("alpha"))).rejects.toBeInstanceOf(
        ConflictError,
      );
    });

    it("lists every company for platform-wide work", async () => {
      expect((await store.companies.list()).map((c) => c.slug)).toEqual(["alpha", "beta"]);
    });

    it("keeps a rotated-out webhook secret encrypted with its end, and clears it", async () => {
      const validUntil = "2026-03-02T10:00:00.000Z";
      await store.companies.update(b.id, {
        previousWebhookSecret: { secret: new Secret("whsec_beta_before"), validUntil },
      });
      const found = (await store.companies.findById(b.id))!.calcom.previousWebhookSecret;
      expect(found?.secret.reveal()).toBe("whsec_beta_before");
      expect(found?.validUntil).toBe(validUntil);
      const row = await database.db
        .selectFrom("company")
        .select(["calcom_previous_webhook_secret_enc"])
        .where("id", "=", b.id)
        .executeTakeFirstOrThrow();
      expect(row.calcom_previous_webhook_secret_enc).toMatch(/^v1:/);
      // Other settings leave it alone; null clears it.
      await store.companies.update(b.id, { name: "Beta" });
      expect((await store.companies.findById(b.id))!.calcom.previousWebhookSecret).toBeTruthy();
      await store.companies.update(b.id, { previousWebhookSecret: null });
      expect((await store.companies.findById(b.id))!.calcom.previousWebhookSecret).toBeNull();
      expect((await store.companies.findById(a.id))!.calcom.previousWebhookSecret).toBeNull();
    });

    it("writes a company's audit rows under that company only", async () => {
      const at = "2026-03-01T10:00:00.000Z";
      await store.companies.addAudit(a.id, {
        action: "webhook_secret_rotated",
        actor: { type: "user", userId: "u-1" },
        at,
      });
      await store.companies.addAudit(a.id, {
        action: "webhook_secret_rotated",
        actor: { type: "cli" },
        at,
      });
      const rows = await database.db
        .selectFrom("company_audit")
        .select(["company_id", "action", "actor_type", "actor_id", "created_at"])
        .orderBy("id")
        .execute();
      expect(rows.map((r) => [r.company_id, r.action, r.actor_type, r.actor_id])).toEqual([
        [a.id, "webhook_secret_rotated", "user", "u-1"],
        [a.id, "webhook_secret_rotated", "cli", null],
      ]);
      expect(new Date(rows[0]!.created_at).toISOString()).toBe(at);
    });
  });

  describe("staff (company first, never across tenants)", () => {
    it("lists, finds and updates only the given company's staff", async () => {
      const [anna] = await store.staff.insert(a.id, [
        { name: "Anna Schmidt", email: "anna@x.de", phone: "+49301234567", active: true },
      ]);
      const [bert] = await store.staff.insert(b.id, [
        { name: "Bert", email: null, phone: null, active: false },
      ]);
      expect(anna).toMatchObject({ companyId: a.id, active: true });
      expect(bert).toMatchObject({ companyId: b.id, active: false });

      expect((await store.staff.list(a.id)).map((s) => s.name)).toEqual(["Anna Schmidt"]);
      expect((await store.staff.list(b.id)).map((s) => s.name)).toEqual(["Bert"]);
      expect(await store.staff.findById(b.id, anna!.id)).toBeNull();
      await expect(
        store.staff.update(b.id, anna!.id, {
          name: "Hijacked",
          email: null,
          phone: null,
          active: false,
        }),
      ).rejects.toThrow("not found");
      expect((await store.staff.findById(a.id, anna!.id))?.name).toBe("Anna Schmidt");
    });

    it("allows the same email in two companies but not twice in one", async () => {
      await store.staff.insert(b.id, [
        { name: "Anna in B", email: "anna@x.de", phone: null, active: true },
      ]);
      await expect(
        store.staff.insert(a.id, [
          { name: "Anna again", email: "anna@x.de", phone: null, active: true },
        ]),
      ).rejects.toThrow();
    });

    it("inserts large batches in chunks", async () => {
      const many = Array.from({ length: 1234 }, (_, i) => ({
        name: `Bulk ${i}`,
        email: `bulk${i}@x.de`,
        phone: null,
        active: true,
      }));
      expect(await store.staff.insert(a.id, many)).toHaveLength(1234);
    });
  });

  describe("services", () => {
    it("keeps services per company, with unique names inside one company only", async () => {
      const s = await store.services.create(a.id, {
        name: "Haarschnitt",
        durationMinutes: 30,
        priceCents: 2500,
        calcomEventTypeId: null,
      });
      await store.services.create(b.id, {
        name: "Haarschnitt",
        durationMinutes: 45,
        priceCents: null,
        calcomEventTypeId: null,
      });
      await expect(
        store.services.create(a.id, {
          name: "Haarschnitt",
          durationMinutes: 30,
          priceCents: null,
          calcomEventTypeId: null,
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      expect(await store.services.findById(b.id, s.id)).toBeNull();
      expect((await store.services.findByName(a.id, "Haarschnitt"))?.durationMinutes).toBe(30);
      expect((await store.services.findByName(b.id, "Haarschnitt"))?.durationMinutes).toBe(45);
      expect(await store.services.list(a.id)).toHaveLength(1);
    });
  });

  describe("phone numbers", () => {
    it("routes a number to exactly one company", async () => {
      await store.phoneNumbers.add(a.id, "+49301111111", "Mitte");
      await expect(store.phoneNumbers.add(b.id, "+49301111111", null)).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect((await store.phoneNumbers.findByNumber("+49301111111"))?.companyId).toBe(a.id);
      expect(await store.phoneNumbers.list(b.id)).toEqual([]);
    });

    it("removes only the company's own number", async () => {
      await store.phoneNumbers.add(a.id, "+49302222222", null);
      expect(await store.phoneNumbers.remove(b.id, "+49302222222")).toBe(false);
      expect((await store.phoneNumbers.findByNumber("+49302222222"))?.companyId).toBe(a.id);
      expect(await store.phoneNumbers.remove(a.id, "+49302222222")).toBe(true);
      expect(await store.phoneNumbers.findByNumber("+49302222222")).toBeNull();
      expect(await store.phoneNumbers.remove(a.id, "+49302222222")).toBe(false);
    });
  });

  describe("customers", () => {
    const updatedAt = async (id: string) =>
      (
        await database.db
          .selectFrom("customer")
          .select("updated_at")
          .where("id", "=", id)
          .executeTakeFirstOrThrow()
      ).updated_at;

    it("keeps one customer per phone and company, filling in only what is missing", async () => {
      const phone = "+4915100000001";
      const first = await store.customers.upsertByPhone(a.id, { phone, name: null, email: null });
      expect(first).toMatchObject({ companyId: a.id, phone, name: null, email: null });
      const named = await store.customers.upsertByPhone(a.id, {
        phone,
        name: "Maria Muster",
        email: null,
      });
      expect(named).toMatchObject({ id: first.id, name: "Maria Muster", email: null });
      const before = await updatedAt(first.id);
      await new Promise((r) => setTimeout(r, 5));
      // A known caller keeps the name on file; only the missing email is added.
      const again = await store.customers.upsertByPhone(a.id, {
        phone,
        name: "Someone Else",
        email: "maria@example.de",
      });
      expect(again).toMatchObject({
        id: first.id,
        name: "Maria Muster",
        email: "maria@example.de",
      });
      expect(await updatedAt(first.id)).not.toBe(before);
      // Nothing new: the row is left as it is.
      const unchanged = await updatedAt(first.id);
      await new Promise((r) => setTimeout(r, 5));
      expect(
        await store.customers.upsertByPhone(a.id, { phone, name: "X", email: "x@example.de" }),
      ).toMatchObject({ id: first.id, name: "Maria Muster", email: "maria@example.de" });
      expect(await updatedAt(first.id)).toBe(unchanged);
      // The same number at another company is another customer.
      const other = await store.customers.upsertByPhone(b.id, { phone, name: "Bea", email: null });
      expect(other.id).not.toBe(first.id);
      expect(other).toMatchObject({ companyId: b.id, name: "Bea" });
      expect((await store.customers.findByPhone(a.id, phone))?.name).toBe("Maria Muster");
    });

    it("gives two racing calls of one caller the same customer", async () => {
      const phone = "+4915100000002";
      const both = await Promise.all(
        ["Anna", "Anne"].map((name) =>
          store.customers.upsertByPhone(a.id, { phone, name, email: null }),
        ),
      );
      expect(both[0]!.id).toBe(both[1]!.id);
    });
  });

  describe("the Cal.com mirror", () => {
    it("finds an event type only within its company", async () => {
      await newEventType(store, a, {
        eventTypeId: 2001,
        title: "Haarschnitt",
        slug: "haarschnitt",
      });
      expect(await store.calcomMirror.findEventType(a.id, 2001)).toMatchObject({
        title: "Haarschnitt",
        hidden: false,
      });
      expect(await store.calcomMirror.findEventType(b.id, 2001)).toBeNull();
      expect(await store.calcomMirror.listEventTypes(b.id)).toEqual([]);
    });
  });

  describe("users", () => {
    it("creates users with unique emails", async () => {
      const user = await store.users.create({
        email: "admin@x.de",
        passwordHash: "h",
        role: "platform_admin",
        companyId: null,
      });
      expect(user).toMatchObject({ role: "platform_admin", companyId: null });
      await expect(
        store.users.create({
          email: "admin@x.de",
          passwordHash: "h",
          role: "platform_admin",
          companyId: null,
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      expect((await store.users.findByEmail("admin@x.de"))?.id).toBe(user.id);
    });
  });

  describe("transactions", () => {
    it("rolls back every write when the work fails", async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.staff.insert(b.id, [
            { name: "Ghost", email: "ghost@x.de", phone: null, active: true },
          ]);
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect((await store.staff.list(b.id)).map((s) => s.name)).not.toContain("Ghost");
    });

    // SQLite runs one write transaction at a time, so only PostgreSQL has locks to check.
    it.runIf(engine === "postgres")(
      "a booking lock holds back the same booking of the company, not other bookings or companies",
      async () => {
        let release = () => {};
        const held = new Promise<void>((done) => {
          release = done;
        });
        let locked = () => {};
        const isLocked = new Promise<void>((done) => {
          locked = done;
        });
        const finished: string[] = [];
        const holding = store.transaction(async (tx) => {
          await tx.lockBookings(a.id, ["uid-1"]);
          locked();
          await held;
          finished.push("holder");
        });
        await isLocked;
        const lockAndNote = (company: Company, uids: (string | null)[], name: string) =>
          store.transaction(async (tx) => {
            await tx.lockBookings(company.id, uids);
            finished.push(name);
          });
        const sameBooking = lockAndNote(a, ["uid-2", "uid-1", null], "same booking");
        await Promise.all([
          lockAndNote(a, ["uid-3", null], "other booking"),
          lockAndNote(b, ["uid-1"], "other company"),
        ]);
        expect(finished.toSorted()).toEqual(["other booking", "other company"]);
        release();
        await Promise.all([holding, sameBooking]);
        expect(finished.slice(2)).toEqual(["holder", "same booking"]);
      },
    );
  });

  describe("the database itself enforces tenancy", () => {
    it("refuses a host mapping that points at another company's staff member", async () => {
      const staffOfB = await newStaff(store, b, { name: "Only B", email: null });
      const now = new Date().toISOString();
      await expect(
        database.db
          .insertInto("host_mapping")
          .values({
            id: "m1",
            company_id: a.id,
            calcom_user_id: 501,
            staff_id: staffOfB.id,
            status: "active",
            source: "manual",
            confidence: 100,
            reason_code: "manual",
            reason_text: "test",
            created_at: now,
            updated_at: now,
          })
          .execute(),
      ).rejects.toThrow(/foreign key/i);
    });

    it("allows one active mapping per staff member", async () => {
      const s = await newStaff(store, a, { name: "Single", email: null });
      const now = new Date().toISOString();
      const row = (id: string, user: number, status: string) => ({
        id,
        company_id: a.id,
        calcom_user_id: user,
        staff_id: s.id,
        status,
        source: "manual",
        confidence: 100,
        reason_code: "manual",
        reason_text: "test",
        created_at: now,
        updated_at: now,
      });
      await database.db
        .insertInto("host_mapping")
        .values(row("m2", 601, "active"))
        .execute();
      await database.db
        .insertInto("host_mapping")
        .values(row("m3", 602, "suggested"))
        .execute();
      await expect(
        database.db
          .insertInto("host_mapping")
          .values(row("m4", 603, "active"))
          .execute(),
      ).rejects.toThrow();
    });

    it("has the indexes the flows need", async () => {
      const names =
        engine === "sqlite"
          ? (
              await sql<{
                name: string;
              }>`select name from sqlite_master where type = 'index'`.execute(database.db)
            ).rows
          : (
              await sql<{
                name: string;
              }>`select indexname as name from pg_indexes where schemaname = 'public'`.execute(
                database.db,
              )
            ).rows;
      const all = names.map((r) => r.name).join(" ");
      for (const expected of [
        "host_mapping_company_user_key",
        "appointment_company_uid_key",
        "phone_number_number_key",
        "calcom_event_type_host_user_idx",
      ]) {
        if (engine === "postgres") expect(all).toContain(expected);
      }
      // SQLite names constraint-backed indexes sqlite_autoindex_*; check the explicit ones.
      expect(all).toContain("calcom_event_type_host_user_idx");
      expect(all).toContain("host_mapping_active_staff_key");
    });
  });
});
