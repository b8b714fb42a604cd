import { createCalcomBookingGateway } from "../../src/calcom/booking-gateway.ts";
import { createCalcomTeamReader } from "../../src/calcom/team-reader.ts";
import type { Database } from "../../src/db/connect.ts";
import { createFeatures } from "../../src/features/index.ts";
import { type Clock, systemClock } from "../../src/platform/clock.ts";
import { newId } from "../../src/platform/ids.ts";
import { createSlotCache } from "../../src/platform/slot-cache.ts";
import {
  createSimulator,
  type Simulator,
  type SimulatorFixture,
  type SimulatorOptions,
} from "../../src/simulator/index.ts";
import { storeFor } from "./fixtures.ts";

/** Cal.com as the client sees it: the simulator `state.sim` (swappable), behind any base URL. */
export function simulatedCalcom(fixture: SimulatorFixture, options: SimulatorOptions = {}) {
  const state: { sim: Simulator } = { sim: createSimulator(fixture, options) };
  const fetch: typeof globalThis.fetch = (input, init) =>
    Promise.resolve(state.sim.app.request(input instanceof Request ? input : String(input), init));
  return { state, fetch };
}

/** The real use-case catalogue over a test database and the simulator (no retry waits). */
export function featuresFor(
  database: Pick<Database, "db" | "engine">,
  calcomFetch: typeof fetch,
  clock: Clock = systemClock,
) {
  const store = storeFor(database);
  const features = createFeatures({
    store,
    hashPassword: async (p) => `test:${p}`,
    calcom: createCalcomTeamReader({ fetch: calcomFetch, sleep: async () => {} }),
    calcomBookings: createCalcomBookingGateway({ fetch: calcomFetch }),
    slotCache: createSlotCache(),
    clock,
    newId,
  });
  return { store, features };
}
