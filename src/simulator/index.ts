export type { PublicBookingInput, SimulatorControl } from "./controls.ts";
export type { CreatedTeam, CreateTeamInput } from "./created-teams.ts";
export { demoFixture } from "./demo-fixture.ts";
export type { Fault } from "./faults.ts";
export type {
  BookingFieldType,
  FixtureBookingField,
  FixtureEventType,
  FixtureMember,
  FixtureTeam,
  SimulatorFixture,
} from "./fixture.ts";
export { simulatorFixtureSchema } from "./fixture.ts";
export { type GenerateFixtureOptions, generateFixture } from "./generate-fixture.ts";
export { CalApiError } from "./http-errors.ts";
export {
  createLatencySampler,
  type LatencyClass,
  type LatencyOption,
  type LatencyProfile,
  type LatencySpread,
  realisticLatency,
  simulatorLatencyFromEnv,
} from "./latency.ts";
export type {
  RecordedRequest,
  RunningSimulator,
  Simulator,
  SimulatorOptions,
} from "./simulator.ts";
export { createSimulator, startSimulator } from "./simulator.ts";
export type { SimAttendee, SimBooking, SimSeat, SimStatus } from "./state.ts";
export { type TeamTemplate, teamTemplates } from "./team-templates.ts";
export type { WebhookDelivery, WebhookTarget } from "./webhooks.ts";
export { calSignature } from "./webhooks.ts";
