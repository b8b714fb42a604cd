import type { FixtureMember, SimulatorFixture } from "./fixture.ts";

type Schedule = NonNullable<FixtureMember["schedule"]>;

/** Fresh objects per call, so a caller editing its copy never changes the next demo. */
export const salonHours = (): Schedule => ({
  "1": [["09:00", "18:00"]],
  "2": [["09:00", "18:00"]],
  "3": [["09:00", "18:00"]],
  "4": [["09:00", "18:00"]],
  "5": [["09:00", "18:00"]],
  "6": [["09:00", "14:00"]],
});

const dentalHours = (): Schedule => ({
  "1": [["08:00", "17:00"]],
  "2": [["08:00", "17:00"]],
  "3": [["08:00", "17:00"]],
  "4": [["08:00", "17:00"]],
  "5": [["08:00", "17:00"]],
});

/** A team member as the demo (and the team templates) make them: accepted, membership userId + 10000. */
export function member(
  userId: number,
  name: string,
  email: string,
  username: string,
  role: FixtureMember["role"],
  schedule: () => Schedule,
): FixtureMember {
  return {
    membershipId: userId + 10000,
    userId,
    email,
    name,
    username,
    avatarUrl: null,
    role,
    accepted: true,
    schedule: schedule(),
  };
}

/**
 * The demo tenants. The demo's local staff records are written against exactly this data
 * (including its awkward parts: a private address, a plus-tag, an empty username, a host with
 * no local staff), so change it only together with them. The salon's round robins take chosen
 * hosts (`rrHostSubsetEnabled`); the dental practice's do not.
 */
export function demoFixture(): SimulatorFixture {
  return {
    apiKeys: [
      { key: "cal_test_salon_beispiel", teamIds: [1001] },
      { key: "cal_test_bright_smiles", teamIds: [1002] },
    ],
    teams: [
      {
        id: 1001,
        slug: "salon-beispiel",
        name: "Salon Beispiel",
        timeZone: "Europe/Berlin",
        members: [
          member(
            501,
            "Jörg Müller",
            "joerg.mueller@salon-beispiel.de",
            "joerg",
            "OWNER",
            salonHours,
          ),
          member(
            502,
            "Anna Schmidt",
            "anna.schmidt@salon-beispiel.de",
            "anna",
            "MEMBER",
            salonHours,
          ),
          member(503, "Sophie Weiß", "sophie.weiss@icloud.com", "sophie", "MEMBER", salonHours),
          member(504, "Mehmet Yılmaz", "mehmet.yilmaz@gmail.com", "mehmet", "MEMBER", salonHours),
          member(505, "Lena Groß", "lena+cal@salon-beispiel.de", "", "MEMBER", salonHours),
        ],
        eventTypes: [
          {
            id: 2001,
            title: "Haarschnitt",
            slug: "haarschnitt",
            lengthInMinutes: 30,
            schedulingType: "roundRobin",
            hosts: [{ userId: 501 }, { userId: 502 }, { userId: 503 }],
            rrHostSubsetEnabled: true,
          },
          {
            id: 2002,
            title: "Färben",
            slug: "faerben",
            lengthInMinutes: 90,
            schedulingType: "roundRobin",
            hosts: [{ userId: 502 }, { userId: 503 }, { userId: 505 }],
            rrHostSubsetEnabled: true,
          },
          {
            id: 2003,
            title: "Bartpflege",
            slug: "bartpflege",
            lengthInMinutes: 20,
            schedulingType: "roundRobin",
            hosts: [{ userId: 501 }, { userId: 504 }],
            rrHostSubsetEnabled: true,
          },
          {
            id: 2004,
            title: "Beratung",
            slug: "beratung",
            lengthInMinutes: 15,
            schedulingType: null,
            hosts: [],
          },
        ],
      },
      {
        id: 1002,
        slug: "bright-smiles",
        name: "Bright Smiles Dental",
        timeZone: "Europe/London",
        members: [
          member(601, "Emily Carter", "emily@brightsmiles.example", "emily", "OWNER", dentalHours),
          member(
            602,
            "James O'Neil",
            "james.oneil@brightsmiles.example",
            "james",
            "MEMBER",
            dentalHours,
          ),
          member(603, "Priya Patel", "priya.patel@gmail.com", "priya", "MEMBER", dentalHours),
        ],
        eventTypes: [
          {
            id: 2101,
            title: "Check-up",
            slug: "check-up",
            lengthInMinutes: 30,
            schedulingType: "roundRobin",
            hosts: [{ userId: 601 }, { userId: 602 }],
          },
          {
            id: 2102,
            title: "Cleaning",
            slug: "cleaning",
            lengthInMinutes: 45,
            schedulingType: "roundRobin",
            hosts: [{ userId: 601 }, { userId: 603 }],
          },
        ],
      },
    ],
  };
}
