import { loadConfig } from "../src/app/config.ts";
import { createContainer } from "../src/app/container.ts";
import { defaultThresholds } from "../src/domain/entities.ts";
import { createLogger } from "../src/platform/logger.ts";
import { createPasswordHasher } from "../src/platform/password.ts";
import { createConsoleApp } from "../src/web/app.tsx";
import type { BenchResult } from "./results-file.ts";

/**
 * The console's appointments page over a company with `appointments` bookings (default 1,000)
 * spread over ±60 days: every tab, the filters, a search, the second page, the week and the CSV,
 * requested in-process one after the other; the p95 of those requests.
 */
export async function benchConsoleAppointments(
  databaseUrl: string,
  _only?: string,
  appointments = 1000,
  rounds = 20,
): Promise<BenchResult[]> {
  const container = createContainer(
    loadConfig({ DATABASE_URL: databaseUrl, FRONTDESK_SECRET: "bench" }),
    { logger: createLogger({ level: "silent" }) },
  );
  try {
    await container.migrate();
    const { store, useCases } = container;
    const company = await store.companies.create({
      name: "Bench Salon",
      slug: "bench-appointments",
      timezone: "Europe/Berlin",
      locale: "de",
      country: "DE",
      calcomBaseUrl: "https://api.cal.com",
      calcomTeamId: null,
      calcomApiKey: null,
      calcomWebhookSecret: null,
      thresholds: defaultThresholds,
    });
    const staff = await store.staff.insert(
      company.id,
      Array.from({ length: 8 }, (_, i) => ({
        name: `Staff ${i + 1}`,
        email: `staff${i + 1}@bench.example`,
        phone: null,
        active: true,
      })),
    );
    const day = 86_400_000;
    const today = Math.floor(Date.now() / day) * day;
    for (let i = 0; i < appointments; i++) {
      const start = today + ((i % 120) - 60) * day + (8 + (i % 10)) * 3_600_000;
      await store.appointments.insert(company.id, {
        serviceId: null,
        staffId: i % 9 === 0 ? null : staff[i % staff.length]!.id,
        customerId: null,
        calcomUserId: null,
        bookingUid: `bench-${i}`,
        bookingId: null,
        eventTypeId: null,
        startAt: new Date(start).toISOString(),
        endAt: new Date(start + 30 * 60_000).toISOString(),
        status: i % 11 === 0 ? "cancelled" : "accepted",
        source: "calcom",
        retellCallId: i % 3 === 0 ? `call_bench_${i}` : null,
        idempotencyKey: null,
        rescheduledFromUid: null,
        rescheduledToUid: null,
        notes: i % 5 === 0 ? "Bench note" : null,
        attendeeName: `Kundin ${i}`,
        attendeeEmail: `kundin${i}@bench.example`,
      });
    }
    const password = "bench-console-password";
    await store.users.create({
      email: "bench@frontdesk.local",
      passwordHash: await createPasswordHasher().hashPassword(password),
      role: "platform_admin",
      companyId: null,
    });
    const login = await useCases.auth.logIn({
      email: "bench@frontdesk.local",
      password,
      address: "127.0.0.1",
    });
    if (login.status !== "ok") throw new Error(`bench login failed: ${login.status}`);
    const app = createConsoleApp({
      useCases,
      publicUrl: undefined,
      retellTools: () => [],
      logger: { error: () => {}, info: () => {} },
    });
    const headers = { cookie: `fd_session=${login.token}`, "accept-language": "de" };
    const base = `http://bench.local/companies/${company.id}/appointments`;
    const get = async (path: string) => {
      const res = await app.request(`${base}${path}`, { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
      return body;
    };
    const first = await get("");
    const cursor = /[?&;]cursor=([^"&]+)/.exec(first)?.[1];
    const paths = [
      "",
      "?tab=past",
      "?tab=cancelled",
      `?staff=${staff[0]!.id}`,
      "?staff=unmapped&status=accepted",
      "?q=Kundin%2042",
      "?q=030%201234567",
      ...(cursor ? [`?cursor=${cursor}`] : []),
      "?view=week",
      ".csv",
    ];
    // One pass unmeasured: the first request of each kind pays for compiling its code.
    for (const path of paths) await get(path);
    const durations: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const path of paths) {
        const started = performance.now();
        await get(path);
        durations.push(performance.now() - started);
      }
    }
    durations.sort((a, b) => a - b);
    const p95 = durations[Math.min(durations.length - 1, Math.floor(durations.length * 0.95))]!;
    return [
      {
        name: "console.appointments_p95_ms",
        value: Math.round(p95 * 10) / 10,
        unit: "ms",
        target: "<= 50",
        note: `${appointments} appointments, ${durations.length} requests over tabs, filters, search, a second page, the week and the CSV`,
      },
    ];
  } finally {
    await container.close();
  }
}
