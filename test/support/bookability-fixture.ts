import { demoFixture, type SimulatorFixture } from "../../src/simulator/index.ts";

/**
 * The demo salon team plus one event type per bookability finding, as the simulator serves them
 * (Cal.com's shapes: `confirmationPolicy`, `recurrence`, `seats`, custom `bookingFields`).
 */
export function bookabilityFixture(
  change: (eventTypes: SimulatorFixture["teams"][number]["eventTypes"]) => void = () => {},
  base: SimulatorFixture = demoFixture(),
): SimulatorFixture {
  const fixture = structuredClone(base);
  const salon = fixture.teams.find((t) => t.id === 1001)!;
  salon.eventTypes.push(
    {
      id: 2011,
      title: "Farbberatung",
      slug: "farbberatung",
      lengthInMinutes: 30,
      schedulingType: "roundRobin",
      hosts: [{ userId: 501, mandatory: true }, { userId: 502 }],
      requiresConfirmation: true,
      // Optional and hidden custom fields do not stop a phone booking.
      bookingFields: [
        { slug: "haarlaenge", type: "text", label: "Haarlänge" },
        { slug: "intern", type: "text", label: "Intern", required: true, hidden: true },
      ],
    },
    {
      id: 2012,
      title: "Hochzeitsfrisur",
      slug: "hochzeitsfrisur",
      lengthInMinutes: 60,
      schedulingType: "roundRobin",
      hosts: [{ userId: 501 }, { userId: 502 }],
      bookingFields: [{ slug: "hochzeitsdatum", type: "text", label: "Datum", required: true }],
    },
    {
      id: 2013,
      title: "Workshop",
      slug: "workshop",
      lengthInMinutes: 120,
      schedulingType: "collective",
      hosts: [{ userId: 501 }, { userId: 502 }],
      seats: { seatsPerTimeSlot: 8, showAttendeeInfo: false, showAvailabilityCount: true },
    },
    {
      id: 2014,
      title: "Abo-Schnitt",
      slug: "abo-schnitt",
      lengthInMinutes: 30,
      schedulingType: "roundRobin",
      hosts: [{ userId: 503 }],
      recurrence: { interval: 4, occurrences: 6, frequency: "weekly" },
    },
    {
      id: 2015,
      title: "Filialvorlage",
      slug: "filialvorlage",
      lengthInMinutes: 30,
      schedulingType: "managed",
      hosts: [{ userId: 501 }],
    },
  );
  change(salon.eventTypes);
  return fixture;
}

export const bookabilityServices = [
  { name: "Farbberatung", durationMinutes: 30, eventTypeId: 2011 },
  { name: "Hochzeitsfrisur", durationMinutes: 60, eventTypeId: 2012 },
  { name: "Workshop", durationMinutes: 120, eventTypeId: 2013 },
  { name: "Abo-Schnitt", durationMinutes: 30, eventTypeId: 2014 },
  { name: "Filialvorlage", durationMinutes: 30, eventTypeId: 2015 },
];
