export {
  type BookingQuery,
  type CalcomClient,
  type CalcomClientOptions,
  type CalcomRequestInfo,
  createCalcomClient,
  type SlotQuery,
} from "./client.ts";
export type {
  CalcomBooking,
  CalcomBookingStatus,
  CalcomEventTypeHost,
  CalcomMembership,
  CalcomSlots,
  CalcomTeam,
  CalcomTeamEventType,
  CreateBookingInput,
} from "./dto.ts";
export { CalcomError, type CalcomErrorKind } from "./errors.ts";
export {
  createRateLimiter,
  createRateLimiterRegistry,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimiterRegistry,
  sharedRateLimiter,
} from "./rate-limiter.ts";
export { type RetryPolicy, retryPolicies } from "./retry.ts";
