import { describe, expect, it } from "vitest";
import { inboundReply } from "./inbound.ts";

describe("inboundReply", () => {
  it("gives the agent today's date and the company, in its language and zone", () => {
    const reply = inboundReply({
      companyName: "Salon Beispiel",
      customerName: " Karl Meyer ",
      now: new Date("2026-11-25T09:05:00Z"),
      timeZone: "Europe/Berlin",
      locale: "de",
    });
    expect(reply).toEqual({
      call_inbound: {
        dynamic_variables: {
          company_name: "Salon Beispiel",
          today: "Mittwoch, 25. November 2026",
          today_iso: "2026-11-25",
          weekday: "Mittwoch",
          current_time: "10:05",
          tomorrow: "Donnerstag, 26. November 2026",
          day_after_tomorrow: "Freitag, 27. November 2026",
          time_zone: "Europe/Berlin",
          customer_name: "Karl Meyer",
        },
      },
    });
  });

  it("leaves the customer name out when unknown, and sends strings only", () => {
    for (const customerName of [undefined, null, "", "  "]) {
      const { dynamic_variables } = inboundReply({
        companyName: "Bright Smiles Dental",
        customerName,
        now: new Date("2026-12-31T23:30:00Z"),
        timeZone: "Europe/London",
        locale: "en",
      }).call_inbound;
      expect(dynamic_variables).not.toHaveProperty("customer_name");
      expect(dynamic_variables).toMatchObject({
        today: "Thursday, December 31, 2026",
        tomorrow: "Friday, January 1, 2027",
        current_time: "11:30 pm",
      });
      for (const value of Object.values(dynamic_variables)) expect(typeof value).toBe("string");
    }
  });
});
