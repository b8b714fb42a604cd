import { describe, expect, it } from "vitest";
import { voiceFunctions } from "./registry.ts";
import { type RetellCustomTool, type RetellTool, retellTools } from "./retell-tools.ts";

const custom = (tools: RetellTool[]) =>
  tools.filter((t): t is RetellCustomTool => t.type === "custom");

describe("retellTools", () => {
  const tools = custom(retellTools({ publicUrl: "https://frontdesk.example.com/", locale: "de" }));

  it("publishes the functions of the tool contract, in order", () => {
    expect(tools.map((t) => t.name)).toEqual(voiceFunctions.map((f) => f.name));
  });

  it("makes every tool a valid Retell custom tool", () => {
    for (const tool of tools) {
      expect(tool.type).toBe("custom");
      expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(tool.method).toBe("POST");
      expect(tool.url).toBe("https://frontdesk.example.com/webhooks/retell/functions");
      expect(tool.parameters.type).toBe("object");
      for (const name of tool.parameters.required)
        expect(tool.parameters.properties).toHaveProperty(name);
      for (const property of Object.values(tool.parameters.properties)) {
        expect(property.type).toBe("string");
        expect(property.description.length).toBeGreaterThan(10);
      }
      expect(tool.description.length).toBeGreaterThan(30);
      expect(tool.timeout_ms).toBeGreaterThanOrEqual(1000);
      expect(tool.timeout_ms).toBeLessThanOrEqual(20_000);
      expect([0, 1]).toContain(tool.max_retry);
      expect(tool.speak_after_execution).toBe(true);
    }
  });

  it("waits longer than the slowest Cal.com answer our functions allow, and speaks while writing", () => {
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    // Reads: one slots read of at most 6 s; writes: at most ~17 s (our own "checking" comes first).
    for (const name of ["list_services", "list_staff", "check_availability", "find_appointments"])
      expect(byName[name]).toMatchObject({ timeout_ms: 10_000, max_retry: 1 });
    for (const name of ["book_appointment", "cancel_appointment", "reschedule_appointment"]) {
      expect(byName[name]).toMatchObject({
        speak_during_execution: true,
        execution_message_type: "prompt",
        timeout_ms: 20_000,
      });
      expect(byName[name]?.execution_message_description).toMatch(/Termin/);
    }
    // A retried booking is the same booking (idempotent by call, service and start); a repeated
    // cancel or move is not safe to repeat.
    expect(byName.book_appointment?.max_retry).toBe(1);
    expect(byName.cancel_appointment?.max_retry).toBe(0);
    expect(byName.reschedule_appointment?.max_retry).toBe(0);
    expect(byName.book_appointment?.description).toMatch(/checking/);
    for (const name of ["list_services", "list_staff", "check_availability", "find_appointments"]) {
      expect(byName[name]).toMatchObject({ speak_during_execution: false });
      expect(byName[name]).not.toHaveProperty("execution_message_description");
    }
  });

  it("asks for the arguments of the tool contract", () => {
    const params = Object.fromEntries(
      tools.map((t) => [t.name, [Object.keys(t.parameters.properties), t.parameters.required]]),
    );
    expect(params).toEqual({
      list_services: [[], []],
      list_staff: [["service", "date"], ["service"]],
      check_availability: [
        ["service", "date", "time", "staff"],
        ["service", "date"],
      ],
      book_appointment: [
        ["service", "start", "customer_name", "customer_phone", "customer_email", "notes", "staff"],
        ["service", "start", "customer_name"],
      ],
      find_appointments: [[], []],
      cancel_appointment: [["appointment_id", "start", "customer_name"], ["customer_name"]],
      reschedule_appointment: [
        ["appointment_id", "start", "customer_name", "new_start"],
        ["new_start", "customer_name"],
      ],
    });
  });

  it("tells the agent to ask for the name an appointment was booked under before changing it", () => {
    for (const name of ["cancel_appointment", "reschedule_appointment"]) {
      const tool = tools.find((t) => t.name === name)!;
      expect(tool.parameters.required).toContain("customer_name");
      expect(tool.parameters.properties.customer_name?.description).toMatch(
        /ask the caller.*booked under|booked under.*ask the caller/i,
      );
    }
  });

  it("gives examples and filler lines in the company's language", () => {
    const english = custom(retellTools({ publicUrl: "http://127.0.0.1:3000", locale: "en" }));
    const check = english.find((t) => t.name === "check_availability");
    expect(check?.url).toBe("http://127.0.0.1:3000/webhooks/retell/functions");
    expect(check?.parameters.properties.date?.description).toMatch(/next Tuesday/);
    expect(
      tools.find((t) => t.name === "check_availability")?.parameters.properties.date?.description,
    ).toMatch(/nächsten Dienstag/);
    expect(
      english.find((t) => t.name === "book_appointment")?.execution_message_description,
    ).toMatch(/booking/);
    expect(
      tools.find((t) => t.name === "list_staff")?.parameters.properties.date?.description,
    ).toMatch(/nächsten Dienstag/);
    for (const tool of [...tools, ...english])
      for (const property of Object.values(tool.parameters.properties))
        expect(property.description).not.toMatch(/[{}]/);
  });

  it("passes strings only: no length caps, unions or schema keywords from zod", () => {
    for (const tool of tools)
      for (const property of Object.values(tool.parameters.properties))
        expect(Object.keys(property).sort()).toEqual(["description", "type"]);
  });

  it("adds Retell's transfer_call with the company's number, a cold transfer, only when set", () => {
    expect(
      retellTools({ publicUrl: "https://x.example", locale: "de", transferNumber: null }).map(
        (t) => t.type,
      ),
    ).not.toContain("transfer_call");
    const all = retellTools({
      publicUrl: "https://x.example",
      locale: "en",
      transferNumber: "+493012345678",
    });
    expect(all.slice(0, -1)).toEqual(retellTools({ publicUrl: "https://x.example", locale: "en" }));
    expect(all.at(-1)).toMatchObject({
      type: "transfer_call",
      name: "transfer_call",
      transfer_destination: { type: "predefined", number: "+493012345678" },
      transfer_option: { type: "cold_transfer" },
      speak_during_execution: true,
      execution_message_type: "prompt",
    });
    expect(all.at(-1)?.description).toMatch(/transfer_available/);
    const german = retellTools({
      publicUrl: "https://x.example",
      locale: "de",
      transferNumber: "+493012345678",
    });
    expect(german.at(-1)?.execution_message_description).toMatch(/verbinden/);
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(tools))).toEqual(tools);
  });
});
