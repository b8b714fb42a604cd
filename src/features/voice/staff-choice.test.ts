import { describe, expect, it } from "vitest";
import type { CalcomHost, HostMapping, Staff } from "../../domain/entities.ts";
import { resolveStaffWish, type StaffChoiceDeps } from "./staff-choice.ts";

const staff = (id: string, name: string, active = true) => ({ id, name, active }) as Staff;
const mapping = (calcomUserId: number, staffId: string, status = "active") =>
  ({ calcomUserId, staffId, status }) as HostMapping;

/** Event type 10 has hosts 1–3; Tom (host 4) does only event type 11. */
function deps(): StaffChoiceDeps & { asked: string[] } {
  const asked: string[] = [];
  const hosts: Record<number, number[]> = { 10: [1, 2, 3], 11: [4] };
  return {
    asked,
    store: {
      staff: {
        list: async (companyId: string) => {
          asked.push(companyId);
          return [
            staff("a", "Anna Schmidt"),
            staff("b", "Anna Meier"),
            staff("j", "Jörg Weber"),
            staff("t", "Tom Koch"),
            staff("x", "Xaver Alt", false),
          ];
        },
      },
      hostMappings: {
        list: async () => [
          mapping(1, "a"),
          mapping(2, "b", "suggested"),
          mapping(3, "j"),
          mapping(4, "t"),
          mapping(5, "x"),
        ],
      },
      calcomMirror: {
        listHosts: async (_companyId: string, ids?: number[]) =>
          (hosts[ids![0]!] ?? []).map(
            (calcomUserId) => ({ calcomUserId, eventTypeIds: ids }) as CalcomHost,
          ),
      },
    } as unknown as StaffChoiceDeps["store"],
  };
}

describe("resolveStaffWish", () => {
  it("gives the staff member and their hosts of the event type", async () => {
    const d = deps();
    expect(await resolveStaffWish(d, "c1", 10, "Joerg")).toEqual({
      kind: "staff",
      staffId: "j",
      staffName: "Jörg Weber",
      hostIds: [3],
    });
    expect(d.asked).toEqual(["c1"]);
  });

  it("takes the one of several namesakes who does the service", async () => {
    // Anna Meier is only suggested for her host, so she does not do it (yet).
    expect(await resolveStaffWish(deps(), "c1", 10, "bei der Anna")).toMatchObject({
      kind: "staff",
      staffId: "a",
    });
  });

  it("lets the caller choose between namesakes who both do it", async () => {
    const d = deps();
    const list = d.store.hostMappings.list;
    d.store.hostMappings.list = async (id) => [...(await list(id)), mapping(2, "b")];
    expect(await resolveStaffWish(d, "c1", 10, "Anna")).toEqual({
      kind: "ambiguous",
      names: ["Anna Schmidt", "Anna Meier"],
    });
  });

  it("says who does the service when the person asked for does not", async () => {
    expect(await resolveStaffWish(deps(), "c1", 10, "Tom")).toEqual({
      kind: "not_offering",
      offeredBy: ["Anna Schmidt", "Jörg Weber"],
    });
  });

  it("knows no one by an unknown name, nor inactive staff", async () => {
    expect(await resolveStaffWish(deps(), "c1", 10, "Gustav")).toEqual({ kind: "unknown" });
    expect(await resolveStaffWish(deps(), "c1", 10, "Xaver")).toEqual({ kind: "unknown" });
  });
});
