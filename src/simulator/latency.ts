/**
 * How long the simulator takes to answer, per kind of request. Real Cal.com is slow and uneven:
 * a team's slots take about half a second (seconds under load), a booking a second or more (it
 * checks every host, writes calendar events and creates video links); simple reads are quicker.
 */
export type LatencyClass = "slots" | "bookings" | "reads";

/** A log-normal spread given by its median and 95th percentile; equal values mean a fixed delay. */
export interface LatencySpread {
  medianMs: number;
  p95Ms: number;
}

/** A number is a fixed delay in ms. A class left out answers at once. */
export type LatencyProfile = Partial<Record<LatencyClass, number | LatencySpread>>;

export type LatencyOption = "zero" | "realistic" | LatencyProfile;

/** The figures the simulator uses for its "realistic" profile. */
export const realisticLatency: Readonly<Record<LatencyClass, LatencySpread>> = Object.freeze({
  slots: { medianMs: 600, p95Ms: 2500 },
  bookings: { medianMs: 1200, p95Ms: 4000 },
  reads: { medianMs: 250, p95Ms: 800 },
});

/** z of the 95th percentile of the standard normal distribution. */
const z95 = 1.645;

/** mulberry32: a tiny, fast, seedable PRNG with values in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function spreadOf(value: number | LatencySpread | undefined): LatencySpread {
  if (value === undefined) return { medianMs: 0, p95Ms: 0 };
  if (typeof value === "number") return { medianMs: value, p95Ms: value };
  return value;
}

function checkSpread(cls: LatencyClass, { medianMs, p95Ms }: LatencySpread): void {
  if (!Number.isFinite(medianMs) || !Number.isFinite(p95Ms) || medianMs < 0 || p95Ms < 0) {
    throw new RangeError(`latency for ${cls}: delays must be finite and not negative`);
  }
  if (p95Ms < medianMs) {
    throw new RangeError(`latency for ${cls}: p95Ms (${p95Ms}) must not be below medianMs`);
  }
  if (medianMs === 0 && p95Ms > 0) {
    throw new RangeError(`latency for ${cls}: a zero median needs a zero p95`);
  }
}

export function resolveLatency(
  option: LatencyOption | undefined,
): Record<LatencyClass, LatencySpread> {
  const profile: LatencyProfile =
    option === undefined || option === "zero"
      ? {}
      : option === "realistic"
        ? realisticLatency
        : option;
  const resolved = {
    slots: spreadOf(profile.slots),
    bookings: spreadOf(profile.bookings),
    reads: spreadOf(profile.reads),
  };
  for (const [cls, spread] of Object.entries(resolved)) checkSpread(cls as LatencyClass, spread);
  return resolved;
}

/**
 * Draws delays: log-normal around the median with sigma = ln(p95/median)/1.645, so the median and
 * the 95th percentile come out as configured. The same seed gives the same delays in the same order.
 */
export function createLatencySampler(
  option: LatencyOption | undefined,
  seed = 1,
): (cls: LatencyClass) => number {
  const profile = resolveLatency(option);
  const random = mulberry32(seed);
  // Box–Muller yields two normal values per pair of uniforms; keep the spare one.
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = 1 - random(); // (0, 1]: log(0) never happens
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return (cls) => {
    const { medianMs, p95Ms } = profile[cls];
    if (medianMs === 0) return 0;
    if (p95Ms === medianMs) return medianMs;
    const sigma = Math.log(p95Ms / medianMs) / z95;
    return Math.round(medianMs * Math.exp(sigma * normal()));
  };
}

/**
 * POST /v2/bookings and the booking actions are writes; listing slots is slots; the rest,
 * slot reservations included, are reads.
 */
export function latencyClassOf(method: string, path: string): LatencyClass {
  if (/^\/v2\/slots\/?$/.test(path) && method.toUpperCase() === "GET") return "slots";
  if (
    method.toUpperCase() === "POST" &&
    (/^\/v2\/bookings\/?$/.test(path) ||
      /^\/v2\/bookings\/[^/]+\/(cancel|reschedule|confirm|decline|reassign)(\/[^/]+)?\/?$/.test(
        path,
      ))
  ) {
    return "bookings";
  }
  return "reads";
}

/**
 * The simulator profile named by `CALCOM_SIM_LATENCY`: "zero" or "realistic"; unset or empty
 * gives `fallback`; anything else is an error, so a typo never silently changes a benchmark.
 */
export function simulatorLatencyFromEnv(
  env: Record<string, string | undefined> = process.env,
  fallback: "zero" | "realistic" = "zero",
): "zero" | "realistic" {
  const raw = env.CALCOM_SIM_LATENCY?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (raw === "zero" || raw === "realistic") return raw;
  throw new Error(
    `CALCOM_SIM_LATENCY must be "zero" or "realistic" (the Cal.com simulator's latency profile), got ${JSON.stringify(raw)}`,
  );
}
