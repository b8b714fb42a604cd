import type { Simulator } from "../../src/simulator/index.ts";

/** Talks to the simulator as a person using Cal.com directly would (not through our client). */
export function simulatorUser(sim: () => Simulator) {
  const call = async (path: string, init: RequestInit & { version?: string } = {}) => {
    const res = await sim().app.request(`http://calcom.test${path}`, {
      ...init,
      headers: {
        "content-type": "application/json",
        "cal-api-version": init.version ?? "2024-08-13",
        ...(init.headers ?? {}),
      },
    });
    const body = (await res.json()) as { data: unknown };
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return body.data;
  };
  return {
    /**
     * The first free slot of an event type from tomorrow (or `fromDays` on) (UTC ISO); with
     * `hostIds`, of those hosts only (`rrHostSubsetIds`).
     */
    async firstSlot(
      eventTypeId: number,
      skip = 0,
      fromDays = 1,
      hostIds: readonly number[] = [],
    ): Promise<string> {
      const start = new Date(Date.now() + fromDays * 86_400_000).toISOString().slice(0, 10);
      const end = new Date(Date.now() + (fromDays + 9) * 86_400_000).toISOString().slice(0, 10);
      const hosts = hostIds.length > 0 ? `&rrHostSubsetIds=${hostIds.join(",")}` : "";
      const query = `eventTypeId=${eventTypeId}&start=${start}&end=${end}${hosts}`;
      const data = (await call(`/v2/slots?${query}`, {
        version: "2024-09-04",
      })) as Record<string, { start: string }[]>;
      const slots = Object.values(data).flat();
      return new Date(slots[skip]!.start).toISOString();
    },
    async book(
      eventTypeId: number,
      start: string,
      attendee: { name: string; email: string; phoneNumber?: string },
    ) {
      return (await call("/v2/bookings", {
        method: "POST",
        body: JSON.stringify({
          eventTypeId,
          start,
          attendee: { timeZone: "Europe/Berlin", ...attendee },
        }),
      })) as { uid: string; id: number; hosts: { id: number }[] };
    },
    async reschedule(uid: string, start: string) {
      return (await call(`/v2/bookings/${uid}/reschedule`, {
        method: "POST",
        body: JSON.stringify({ start }),
      })) as { uid: string };
    },
    async cancel(uid: string) {
      return call(`/v2/bookings/${uid}/cancel`, {
        method: "POST",
        body: JSON.stringify({ cancellationReason: "test" }),
      });
    },
  };
}
