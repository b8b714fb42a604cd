import { describe, expect, it } from "vitest";
import { mentions } from "./customer-data.ts";

const keys = { phone: "+4915112345678", customerId: null, emails: ["kim@example.org"] };

describe("mentions", () => {
  it("finds the number and the email, in any case", () => {
    expect(mentions(`{"from_number":"+4915112345678"}`, keys)).toBe(true);
    expect(mentions(`{"email":"Kim@Example.ORG"}`, keys)).toBe(true);
    expect(mentions("call me at +4915112345678.", keys)).toBe(true);
  });

  it("not as part of a longer number or another address", () => {
    expect(mentions(`{"from_number":"+49151123456789"}`, keys)).toBe(false);
    expect(mentions(`{"to":"++4915112345678"}`, { ...keys, phone: "+4915112345678" })).toBe(true);
    expect(mentions(`{"email":"joakim@example.org"}`, keys)).toBe(false);
    expect(mentions(`{"email":"kim@example.org.uk"}`, keys)).toBe(false);
    expect(mentions(`{"email":"kim@example.organic"}`, keys)).toBe(false);
  });
});
