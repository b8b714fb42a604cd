import Retell from "retell-sdk";
import { describe, expect, it } from "vitest";
import { systemClock } from "../platform/clock.ts";
import { createVoiceProbe } from "./probe.ts";

const call = {
  callId: "frontdesk_test_1",
  agentId: "agent",
  fromNumber: "+4915100000000",
  toNumber: "+493012345670",
};

function recording(reply: unknown, status = 200) {
  const sent: { url: string; body: string; signature: string | null }[] = [];
  const send = async (request: Request) => {
    sent.push({
      url: request.url,
      body: await request.text(),
      signature: request.headers.get("x-retell-signature"),
    });
    return new Response(reply === null ? null : JSON.stringify(reply), { status });
  };
  return { sent, send };
}

describe("createVoiceProbe", () => {
  it("signs every request so that retell-sdk's own verify accepts it", async () => {
    const r = recording({ ok: true, message: "Ja.", data: {} });
    const probe = createVoiceProbe({ apiKey: "key_probe", clock: systemClock, send: r.send });
    expect(probe.signed).toBe(true);
    await probe.inbound(call);
    await probe.event("call_started", call);
    await probe.invoke("list_services", call, {});
    expect(r.sent.map((s) => new URL(s.url).pathname)).toEqual([
      "/webhooks/retell/inbound",
      "/webhooks/retell/events",
      "/webhooks/retell/functions",
    ]);
    for (const s of r.sent) {
      expect(await Retell.verify(s.body, "key_probe", s.signature!)).toBe(true);
      expect(await Retell.verify(s.body, "key_other", s.signature!)).toBe(false);
    }
    expect(JSON.parse(r.sent[2]!.body)).toMatchObject({
      name: "list_services",
      call: { call_id: call.callId, to_number: call.toNumber, from_number: call.fromNumber },
      args: {},
    });
  });

  it("reads a function's sentence and offered slots, and nothing from the other webhooks", async () => {
    const slots = [
      { start: "2030-01-02T10:00:00+01:00", label: "Mittwoch um 10 Uhr" },
      { start: 5 },
    ];
    const r = recording({ ok: true, message: "Um 10 Uhr ist frei.", data: { slots } });
    const probe = createVoiceProbe({ apiKey: "key_probe", clock: systemClock, send: r.send });
    const fn = await probe.invoke("check_availability", call, { service: "x", date: "y" });
    expect(fn).toMatchObject({ status: 200, spoken: "Um 10 Uhr ist frei.", slots: [slots[0]] });
    const inbound = await probe.inbound(call);
    expect(inbound).toMatchObject({ spoken: null, slots: [] });
    const event = await createVoiceProbe({
      apiKey: "k",
      clock: systemClock,
      send: recording(null, 204).send,
    }).event("call_ended", call);
    expect(event).toMatchObject({ status: 204, reply: null, spoken: null });
  });

  it("sends unsigned without a key (the routes refuse it) and says so", async () => {
    const r = recording({ title: "unauthorized" }, 401);
    const probe = createVoiceProbe({ apiKey: undefined, clock: systemClock, send: r.send });
    expect(probe.signed).toBe(false);
    expect((await probe.inbound(call)).status).toBe(401);
    expect(r.sent[0]!.signature).toBeNull();
  });
});
