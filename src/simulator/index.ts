export { demoFixture } from "./demo-fixture.ts";
export type { Fault } from "./faults.ts";
export type { FixtureEventType, FixtureMember, FixtureTeam, SimulatorFixture } from "./fixture.ts";
export { simulatorFixtureSchema } from "./fixture.ts";
export { type GenerateFixtureOptions, generateFixture } from "./generate-fixture.ts";
export type {
  RecordedRequest,
  RunningSimulator,
  Simulator,
  SimulatorOptions,
} from "./simulator.ts";
export { createSimulator, startSimulator } from "./simulator.ts";
export type { SimAttendee, SimBooking } from "./state.ts";
export type { WebhookDelivery, WebhookTarget } from "./webhooks.ts";
export { calSignature } from "./webhooks.ts";
