import { describe, expect, it } from "vitest";
import { argLimits } from "./arguments.ts";
import { parseArgs } from "./define-function.ts";
import { functionByName, voiceFunctions } from "./registry.ts";

/** The arguments of the function of that name, as the route reads them. */
const parseFunctionArgs = (name: string, args: unknown) => parseArgs(functionByName(name)!, args);

describe("parseArgs", () => {
  it("knows the functions of the tool contract", () => {
    expect(voiceFunctions.map((f) => f.name)).toEqual([
      "list_services",
      "list_staff",
      "check_availability",
      "book_appointment",
      "find_appointments",
      "cancel_appointment",
      "reschedule_appointment",
    ]);
    expect(functionByName("book_appointment")?.name).toBe("book_appointment");
    expect(functionByName("toString")).toBeUndefined();
  });

  it("reads what LLMs send: numbers for text, blanks and 'null' for nothing, extra keys", () => {
    expect(
      parseFunctionArgs("check_availability", {
        service: " Herrenschnitt ",
        date: "2026-12-01",
        time: "",
        staff: "null",
        call_id: "x",
        bestaetigung: true,
      }),
    ).toEqual({ ok: true, data: { service: "Herrenschnitt", date: "2026-12-01" } });
    expect(parseFunctionArgs("cancel_appointment", { appointment_id: 4711 })).toEqual({
      ok: true,
      data: { appointment_id: "4711" },
    });
    expect(parseFunctionArgs("list_services", undefined)).toEqual({ ok: true, data: {} });
    expect(parseFunctionArgs("list_staff", { service: " Herrenschnitt ", date: "null" })).toEqual({
      ok: true,
      data: { service: "Herrenschnitt" },
    });
    expect(parseFunctionArgs("find_appointments", { anything: 1 })).toEqual({ ok: true, data: {} });
  });

  it("reads a full booking", () => {
    const args = {
      service: "Herrenschnitt",
      start: "2026-12-01T09:00:00+01:00",
      customer_name: "Karl Meyer",
      customer_phone: 4915123456789,
      customer_email: "karl@example.de",
      notes: "kommt mit Hund",
    };
    expect(parseFunctionArgs("book_appointment", args)).toEqual({
      ok: true,
      data: { ...args, customer_phone: "4915123456789" },
    });
  });

  it.each([
    ["check_availability", { date: "morgen" }, "service", "is missing"],
    ["list_staff", { date: "morgen" }, "service", "is missing"],
    ["check_availability", { service: "Schnitt", date: "  " }, "date", "is missing"],
    ["check_availability", { service: ["Schnitt"], date: "morgen" }, "service", "must be text"],
    [
      "book_appointment",
      { service: "S", start: "morgen", customer_name: "" },
      "customer_name",
      "is missing",
    ],
    [
      "book_appointment",
      { service: "S", start: "x", customer_name: "Ann", customer_email: "ann at web" },
      "customer_email",
      "is not an email address",
    ],
    ["cancel_appointment", {}, "appointment_id", "needs appointment_id or start"],
    ["reschedule_appointment", { start: "morgen um 9" }, "new_start", "is missing"],
    [
      "reschedule_appointment",
      { new_start: "morgen um 9" },
      "appointment_id",
      "needs appointment_id or start",
    ],
  ] as const)("%s %j: %s %s", (name, args, field, message) => {
    expect(parseFunctionArgs(name, args)).toEqual({
      ok: false,
      path: `$.args.${field}`,
      message,
      field,
    });
  });

  describe("length caps", () => {
    const long = (n: number) => "a".repeat(n);
    const booking = {
      service: "Herrenschnitt",
      start: "morgen um 9",
      customer_name: "Karl Meyer",
    };
    const cases: [string, Record<string, unknown>, keyof typeof argLimits][] = [
      ["book_appointment", booking, "customer_name"],
      ["book_appointment", booking, "notes"],
      ["book_appointment", booking, "service"],
      ["book_appointment", booking, "start"],
      ["book_appointment", booking, "customer_phone"],
      ["check_availability", { service: "S", date: "morgen" }, "date"],
      ["list_staff", { date: "morgen" }, "service"],
      ["list_staff", { service: "S" }, "date"],
      ["check_availability", { service: "S", date: "morgen" }, "time"],
      ["check_availability", { service: "S", date: "morgen" }, "staff"],
      ["cancel_appointment", { start: "morgen", customer_name: "K" }, "appointment_id"],
      ["cancel_appointment", { appointment_id: "x", customer_name: "K" }, "start"],
      ["cancel_appointment", { appointment_id: "x" }, "customer_name"],
      ["reschedule_appointment", { appointment_id: "x", customer_name: "K" }, "new_start"],
    ];
    it.each(cases)(
      "%s: an over-long %s is refused by name, the longest allowed passes",
      (name, args, field) => {
        const limit = argLimits[field];
        const over = parseFunctionArgs(name, { ...args, [field]: long(limit + 1) });
        expect(over).toEqual({ ok: false, path: `$.args.${field}`, message: "is too long", field });
        expect(parseFunctionArgs(name, { ...args, [field]: long(limit) }).ok).toBe(true);
      },
    );

    it("caps the email at 254 characters and the notes at 500", () => {
      expect(argLimits).toMatchObject({
        customer_name: 100,
        notes: 500,
        customer_email: 254,
        appointment_id: 64,
      });
      const email = `${long(254 - "@example.de".length + 1)}@example.de`;
      expect(parseFunctionArgs("book_appointment", { ...booking, customer_email: email })).toEqual({
        ok: false,
        path: "$.args.customer_email",
        message: "is too long",
        field: "customer_email",
      });
      expect(
        parseFunctionArgs("book_appointment", { ...booking, customer_email: email.slice(1) }).ok,
      ).toBe(true);
    });
  });

  it("names the whole args object when it is not one", () => {
    expect(parseFunctionArgs("check_availability", "morgen")).toMatchObject({
      ok: false,
      path: "$.args",
      field: "args",
    });
  });
});
