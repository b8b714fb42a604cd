import { describe, expect, it } from "vitest";
import { demoFixture } from "./demo-fixture.ts";
import { createSimulator } from "./simulator.ts";
import { book, call } from "./test-helpers.ts";

const early = () => new Date("2026-10-19T06:00:00Z");

function slots(app: Parameters<typeof call>[0], query: string) {
  return call(app, `/v2/slots?${query}`, { version: "2024-09-04" });
}

type Day = { start: string; end?: string }[];
const starts = (data: Record<string, Day>) =>
  Object.fromEntries(Object.entries(data).map(([d, s]) => [d, s.map((x) => x.start)]));

describe("GET /v2/slots versioning", () => {
  it.each([undefined, "2024-08-13", "2024-04-15"])(
    "is a 404 with cal-api-version %s",
    async (v) => {
      const { app } = createSimulator(demoFixture(), { now: early });
      const res = await call(app, "/v2/slots?eventTypeId=2001&start=2026-10-20&end=2026-10-20", {
        version: v,
      });
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("NotFoundException");
    },
  );
});

describe("GET /v2/slots", () => {
  it("is public and keys slots by date, each slot an object with start", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const res = await slots(app, "eventTypeId=2001&start=2026-10-20&end=2026-10-20");
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.data)).toEqual(["2026-10-20"]);
    const day = res.json.data["2026-10-20"];
    // 09:00–18:00 Berlin (UTC+2) is 07:00Z–16:00Z; the last 30-minute slot starts 15:30Z.
    expect(day).toHaveLength(18);
    expect(day[0]).toEqual({ start: "2026-10-20T07:00:00.000Z" });
    expect(day.at(-1)).toEqual({ start: "2026-10-20T15:30:00.000Z" });
  });

  it("parses start/end as UTC even without an offset, and timeZone only formats", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const res = await slots(
      app,
      "eventTypeId=2001&start=2026-10-20T10:00:00&end=2026-10-20T11:00:00&timeZone=Europe/Berlin",
    );
    expect(starts(res.json.data)).toEqual({
      "2026-10-20": [
        "2026-10-20T12:00:00.000+02:00",
        "2026-10-20T12:30:00.000+02:00",
        "2026-10-20T13:00:00.000+02:00",
      ],
    });
  });

  it("keys dates in the output time zone", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    // London 08:00–17:00 (UTC+1) is 16:00–01:00 in Tokyo, so the UTC day spans two Tokyo dates.
    const res = await slots(
      app,
      "eventTypeId=2101&start=2026-10-20&end=2026-10-20&timeZone=Asia/Tokyo",
    );
    const byDate = starts(res.json.data);
    expect(Object.keys(byDate)).toEqual(["2026-10-20", "2026-10-21"]);
    expect(byDate["2026-10-20"]![0]).toBe("2026-10-20T16:00:00.000+09:00");
    expect(byDate["2026-10-21"]).toEqual([
      "2026-10-21T00:00:00.000+09:00",
      "2026-10-21T00:30:00.000+09:00",
    ]);
  });

  it("follows the team's wall clock across the end of summer time and omits empty days", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    // Europe/Berlin changes from UTC+2 to UTC+1 on Sunday 2026-10-25.
    const res = await slots(
      app,
      "eventTypeId=2001&start=2026-10-23&end=2026-10-26&timeZone=Europe/Berlin",
    );
    const byDate = starts(res.json.data);
    expect(Object.keys(byDate)).toEqual(["2026-10-23", "2026-10-24", "2026-10-26"]);
    expect(byDate["2026-10-23"]![0]).toBe("2026-10-23T09:00:00.000+02:00");
    expect(byDate["2026-10-23"]).toHaveLength(18);
    expect(byDate["2026-10-24"]).toHaveLength(10); // Saturday 09:00–14:00
    expect(byDate["2026-10-24"]!.at(-1)).toBe("2026-10-24T13:30:00.000+02:00");
    expect(byDate["2026-10-26"]![0]).toBe("2026-10-26T09:00:00.000+01:00");
    expect(byDate["2026-10-26"]!.at(-1)).toBe("2026-10-26T17:30:00.000+01:00");

    const utc = starts(
      (await slots(app, "eventTypeId=2001&start=2026-10-23&end=2026-10-26")).json.data,
    );
    expect(utc["2026-10-23"]![0]).toBe("2026-10-23T07:00:00.000Z");
    expect(utc["2026-10-26"]![0]).toBe("2026-10-26T08:00:00.000Z");
  });

  it("never offers a slot before now", async () => {
    const { app } = createSimulator(demoFixture(), { now: () => new Date("2026-10-20T10:10:00Z") });
    const today = await slots(app, "eventTypeId=2001&start=2026-10-20&end=2026-10-20");
    expect(today.json.data["2026-10-20"][0].start).toBe("2026-10-20T10:30:00.000Z");
    const past = await slots(app, "eventTypeId=2001&start=2026-10-19&end=2026-10-19");
    expect(past.json.data).toEqual({});
  });

  it("gives {start, end} with format=range", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const res = await slots(
      app,
      "eventTypeId=2002&start=2026-10-20T07:00:00Z&end=2026-10-20T07:00:00Z&format=range&timeZone=Europe/Berlin",
    );
    expect(res.json.data).toEqual({
      "2026-10-20": [
        { start: "2026-10-20T09:00:00.000+02:00", end: "2026-10-20T10:30:00.000+02:00" },
      ],
    });
  });

  it("steps by the event length, or slotInterval when set", async () => {
    const fixture = demoFixture();
    fixture.teams[0]!.eventTypes[1]!.slotInterval = 30;
    const { app } = createSimulator(fixture, { now: early });
    // Haarschnitt asked for 60 minutes steps by 60: 09:00, 10:00, … 17:00 local.
    const hourly = await slots(app, "eventTypeId=2001&start=2026-10-20&end=2026-10-20&duration=60");
    expect(hourly.json.data["2026-10-20"]).toHaveLength(9);
    // 90-minute Färben with slotInterval 30: 09:00, 09:30, … 16:30 local.
    const interval = await slots(app, "eventTypeId=2002&start=2026-10-20&end=2026-10-20");
    expect(interval.json.data["2026-10-20"]).toHaveLength(16);
    expect(interval.json.data["2026-10-20"][1].start).toBe("2026-10-20T07:30:00.000Z");
  });

  it("offers a slot while any round-robin host is free, across event types", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const nine = "2026-10-20T07:00:00.000Z";
    // Färben (502, 503, 505) three times at 09:00 local keeps them busy until 10:30.
    for (const name of ["A", "B", "C"]) {
      expect((await book(app, nine, 2002, { name, email: `${name}@example.com` })).status).toBe(
        201,
      );
    }
    const haarschnitt = () =>
      slots(app, "eventTypeId=2001&start=2026-10-20T07:00:00Z&end=2026-10-20T08:30:00Z");
    expect(starts((await haarschnitt()).json.data)["2026-10-20"]![0]).toBe(nine); // 501 is free
    expect((await book(app, nine, 2001, { name: "D", email: "d@example.com" })).status).toBe(201);
    expect(starts((await haarschnitt()).json.data)).toEqual({
      "2026-10-20": [
        "2026-10-20T07:30:00.000Z",
        "2026-10-20T08:00:00.000Z",
        "2026-10-20T08:30:00.000Z",
      ],
    });
    const f = starts(
      (await slots(app, "eventTypeId=2002&start=2026-10-20&end=2026-10-20")).json.data,
    );
    expect(f["2026-10-20"]![0]).toBe("2026-10-20T08:30:00.000Z");
  });

  it("keeps the slot of bookingUidToReschedule available", async () => {
    const fixture = demoFixture();
    fixture.teams[0]!.eventTypes[2]!.hosts = [{ userId: 504 }];
    const { app } = createSimulator(fixture, { now: early });
    const booked = await book(app, "2026-10-20T07:00:00Z", 2003, { name: "A", email: "a@x.de" });
    const range = "eventTypeId=2003&start=2026-10-20T07:00:00Z&end=2026-10-20T07:00:00Z";
    expect((await slots(app, range)).json.data).toEqual({});
    const res = await slots(app, `${range}&bookingUidToReschedule=${booked.json.data.uid}`);
    expect(starts(res.json.data)).toEqual({ "2026-10-20": ["2026-10-20T07:00:00.000Z"] });
  });

  it("selects by eventTypeSlug and teamSlug", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const res = await slots(
      app,
      "eventTypeSlug=check-up&teamSlug=bright-smiles&start=2026-10-20&end=2026-10-20",
    );
    expect(res.json.data["2026-10-20"][0].start).toBe("2026-10-20T07:00:00.000Z");
  });

  it("has no slots for an event type without hosts", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const res = await slots(app, "eventTypeId=2004&start=2026-10-20&end=2026-10-26");
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({});
  });

  it.each([
    ["no start", "eventTypeId=2001&end=2026-10-20"],
    ["no end", "eventTypeId=2001&start=2026-10-20"],
    ["an invalid start", "eventTypeId=2001&start=tomorrow&end=2026-10-20"],
    ["end before start", "eventTypeId=2001&start=2026-10-21&end=2026-10-20"],
    ["an unknown time zone", "eventTypeId=2001&start=2026-10-20&end=2026-10-20&timeZone=Mars/Base"],
    ["an unknown format", "eventTypeId=2001&start=2026-10-20&end=2026-10-20&format=list"],
    ["no event type", "start=2026-10-20&end=2026-10-20"],
    ["a non-numeric eventTypeId", "eventTypeId=abc&start=2026-10-20&end=2026-10-20"],
    ["a range of years", "eventTypeId=2001&start=2026-01-01&end=2036-01-01"],
  ])("answers %s with 400", async (_, query) => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const res = await slots(app, query);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("BadRequestException");
  });

  it("answers an unknown event type with 404", async () => {
    const { app } = createSimulator(demoFixture(), { now: early });
    const res = await slots(app, "eventTypeId=9999&start=2026-10-20&end=2026-10-20");
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("NotFoundException");
  });
});
