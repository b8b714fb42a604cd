import { IANAZone } from "luxon";

const quarterHour = 15 * 60_000;
const maxCachedQuarters = 50_000;

/**
 * An IANA zone that remembers its offsets per quarter hour. luxon asks Intl (formatToParts) for
 * the offset of every DateTime it builds, and that dominated the voice path. A zone changes its
 * offset at most once in any 15 minutes, so when both ends of a quarter hour share an offset the
 * whole quarter has it; a quarter holding a transition is always computed exactly.
 */
class QuarterHourCachedZone extends IANAZone {
  readonly #offsets = new Map<number, number>();

  override offset(ts: number): number {
    const quarter = Math.floor(ts / quarterHour);
    const known = this.#offsets.get(quarter);
    if (known !== undefined) return known;
    const first = super.offset(quarter * quarterHour);
    if (first !== super.offset((quarter + 1) * quarterHour - 1)) return super.offset(ts);
    if (this.#offsets.size >= maxCachedQuarters) this.#offsets.clear();
    this.#offsets.set(quarter, first);
    return first;
  }
}

const zones = new Map<string, QuarterHourCachedZone>();

/** The zone named `name` for luxon (`{ zone: zoneNamed(name) }`); one instance per name. */
export function zoneNamed(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = new QuarterHourCachedZone(name);
    // Unknown names are not kept: they come from input and could grow the map without bound.
    if (!zone.isValid) return zone;
    zones.set(name, zone);
  }
  return zone;
}
