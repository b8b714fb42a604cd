import type { ExistingMapping, MatchAction, MatchHost, MatchStaff, ReasonCode } from "./types.ts";

/**
 * A deterministic company of `size` staff and `size` hosts (up to 10,000) for the scale test and
 * the `matcher.seconds_10k_x_10k` benchmark, with the decision each host should get.
 * Host i belongs to staff i and shows one kind of evidence, chosen by i % 8.
 */

// No nickname pairs, no two names one letter apart, first and last names disjoint.
const firstNames = [
  "Karl",
  "Anna",
  "Jörg",
  "Björn",
  "Jürgen",
  "Sören",
  "Käthe",
  "Maximilian",
  "Sophie",
  "Lukas",
  "Emilia",
  "Felix",
  "Marie",
  "Leon",
  "Hannah",
  "Paul",
  "Mia",
  "Elias",
  "Lea",
  "Noah",
  "Clara",
  "Jonas",
  "Ida",
  "Finn",
  "Greta",
  "Emil",
  "Frieda",
  "Oskar",
  "Mathilda",
  "Theo",
  "Ella",
  "Anton",
  "Lina",
  "Jakob",
  "Nora",
  "Moritz",
  "Luisa",
  "Julian",
  "Johanna",
  "Niklas",
  "Amelie",
  "Fabian",
  "Charlotte",
  "Samuel",
  "Helene",
  "Tobias",
  "Marlene",
  "Dominik",
  "Pauline",
  "Florian",
  "Franziska",
  "Sebastian",
  "Carolin",
  "Philipp",
  "Veronika",
  "Benedikt",
  "Theresa",
  "Raphael",
  "Miriam",
  "Leopold",
  "Agnes",
  "Valentin",
  "Beate",
  "Konrad",
  "Dagmar",
  "Ulrich",
  "Gisela",
  "Werner",
  "Hildegard",
  "Reinhold",
  "Irmgard",
  "Siegfried",
  "Waltraud",
  "Gustav",
  "Ottilie",
  "Hubert",
  "Brigitte",
  "Armin",
  "Renate",
  "Detlef",
  "Sabine",
  "Egon",
  "Ursula",
  "Ingo",
  "Petra",
  "Rüdiger",
  "Monika",
  "Horst",
  "Birgit",
  "Volker",
  "Heike",
  "Wolfram",
  "Silke",
  "Bernd",
  "Anke",
  "Ralf",
  "Ilse",
  "Xaver",
  "Zoë",
  "José",
];
const lastNames = [
  "Müller",
  "Schmidt",
  "Schneider",
  "Fischer",
  "Weber",
  "Meyer",
  "Wagner",
  "Becker",
  "Schulz",
  "Hoffmann",
  "Schäfer",
  "Koch",
  "Bauer",
  "Richter",
  "Klein",
  "Wolf",
  "Schröder",
  "Neumann",
  "Schwarz",
  "Zimmermann",
  "Braun",
  "Krüger",
  "Hartmann",
  "Lange",
  "Krause",
  "Lehmann",
  "Köhler",
  "Herrmann",
  "König",
  "Walter",
  "Huber",
  "Kaiser",
  "Fuchs",
  "Peters",
  "Lorenzen",
  "Göbel",
  "Weiß",
  "Jung",
  "Hahn",
  "Schubert",
  "Vogel",
  "Keller",
  "Berger",
  "Winkler",
  "Roth",
  "Beck",
  "Baumann",
  "Franke",
  "Albrecht",
  "Schuster",
  "Böhm",
  "Winter",
  "Schumacher",
  "Krämer",
  "Vogt",
  "Stein",
  "Jäger",
  "Sommer",
  "Groß",
  "Seidel",
  "Brandt",
  "Haas",
  "Schreiber",
  "Graf",
  "Schulte",
  "Dietrich",
  "Ziegler",
  "Kuhn",
  "Pohl",
  "Engel",
  "Horn",
  "Busch",
  "Bergmann",
  "Hagedorn",
  "Pfeiffer",
  "Kaufmann",
  "Brinkmann",
  "Lindner",
  "Ebert",
  "Wiśniewski",
  "Łukasiewicz",
  "Yılmaz",
  "Núñez",
  "O'Brien",
  "Dubois",
  "Fontaine",
  "Kowalski",
  "Novák",
  "Rossi",
  "Bianchi",
  "Jansen",
  "Hendriks",
  "Andersson",
  "Nielsen",
  "Haugland",
  "Petrović",
  "Szabó",
  "Horváth",
  "Papadopoulos",
  "Costa",
];

export interface SyntheticCompany {
  hosts: MatchHost[];
  staff: MatchStaff[];
  mappings: ExistingMapping[];
  expected: {
    calcomUserId: number;
    action: MatchAction;
    staffId: string | null;
    reason: ReasonCode;
  }[];
}

const umlautSpelling: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss" };
const ascii = (s: string) =>
  s
    .toLowerCase()
    .replace(/[äöüß]/gu, (c) => umlautSpelling[c] ?? c)
    .replace(/ı/gu, "i")
    .replace(/ł/gu, "l")
    .normalize("NFKD")
    .replace(/[^a-z]/gu, "");

export function syntheticCompany(size: number): SyntheticCompany {
  const count = Math.min(size, firstNames.length * lastNames.length);
  const company: SyntheticCompany = { hosts: [], staff: [], mappings: [], expected: [] };
  for (let i = 0; i < count; i++) {
    const first = firstNames[i % firstNames.length]!;
    const last = lastNames[Math.floor(i / firstNames.length)]!;
    const name = `${first} ${last}`;
    const local = `${ascii(first)}.${ascii(last)}`;
    const staffId = `staff-${String(i).padStart(5, "0")}`;
    const userId = 100_000 + i;
    const active = i % 97 !== 13;
    company.staff.push({ id: staffId, name, email: `${local}@salon.example`, active });

    const kind = i % 8;
    const hostName = [
      name,
      "",
      name,
      `${last}, ${first}`,
      `Dr. ${name.replace(/[äöüß]/gu, (c) => umlautSpelling[c] ?? c)}`,
      `Gast Nummer${i}`,
      `${first} Quirin ${last}`,
      `${first} ${last}x`,
    ][kind]!;
    const hostEmail = [
      `  ${local.toUpperCase()}@Salon.example `,
      `${local}+cal@salon.example`,
      `${local}@private.example`,
      null,
      "",
      `gast${i}@extern.example`,
      "  ",
      null,
    ][kind]!;
    const reason = (
      [
        "email_exact",
        "email_plus_tag",
        "name_and_email_local_part",
        "name_exact",
        "name_exact",
        "no_candidate",
        "name_partial",
        "name_typo",
      ] as const
    )[kind]!;
    company.hosts.push({
      userId,
      name: hostName,
      email: hostEmail,
      username: kind === 5 ? "" : null,
    });

    if (i % 101 === 50) {
      company.mappings.push({ calcomUserId: userId, staffId, status: "active", source: "manual" });
      company.expected.push({
        calcomUserId: userId,
        action: "keep",
        staffId,
        reason: "existing_mapping",
      });
    } else if (!active || kind === 5) {
      company.expected.push({
        calcomUserId: userId,
        action: "none",
        staffId: null,
        reason: "no_candidate",
      });
    } else {
      const action = kind <= 2 ? "auto" : "suggest";
      company.expected.push({ calcomUserId: userId, action, staffId, reason });
    }
  }
  return company;
}
