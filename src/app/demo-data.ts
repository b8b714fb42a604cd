import type { CreateCompanyInput } from "../features/company/create-company.ts";

/**
 * The demo tenants, written against the simulator's demoFixture(): the staff records exercise
 * host matching (exact email, a plus-tagged Cal.com address, umlaut spellings with a private
 * Cal.com email, a host with no local staff, a title, inactive staff).
 */
export interface DemoCompany {
  company: CreateCompanyInput & { slug: string; calcomTeamId: number; calcomApiKey: string };
  staffCsv: string;
  services: { name: string; durationMinutes: number; priceCents?: number; eventTypeId?: number }[];
  phoneNumber: string;
}

export const demoCompanies: DemoCompany[] = [
  {
    company: {
      name: "Salon Beispiel",
      slug: "salon-beispiel",
      timezone: "Europe/Berlin",
      locale: "de",
      country: "DE",
      calcomTeamId: 1001,
      calcomApiKey: "cal_test_salon_beispiel",
    },
    staffCsv: [
      "name,email,phone,active",
      "Jörg Müller,joerg.mueller@salon-beispiel.de,030 1234567,ja",
      "Anna Schmidt,anna.schmidt@salon-beispiel.de,,ja",
      // Cal.com: "Sophie Weiß" <sophie.weiss@icloud.com>: same person, other spelling and address.
      "Sophie Weiss,s.weiss@salon-beispiel.de,,ja",
      // Cal.com: lena+cal@salon-beispiel.de
      "Lena Groß,lena@salon-beispiel.de,,ja",
      "Petra Neumann,petra.neumann@salon-beispiel.de,,ja",
      "Klaus Alt,klaus.alt@salon-beispiel.de,,nein",
    ].join("\n"),
    services: [
      { name: "Haarschnitt", durationMinutes: 30, priceCents: 3500, eventTypeId: 2001 },
      { name: "Färben", durationMinutes: 90, priceCents: 8900, eventTypeId: 2002 },
      { name: "Bartpflege", durationMinutes: 20, priceCents: 1800, eventTypeId: 2003 },
      { name: "Beratung", durationMinutes: 15, eventTypeId: 2004 },
      { name: "Kopfmassage", durationMinutes: 15, priceCents: 1500 },
    ],
    phoneNumber: "+49 30 12345670",
  },
  {
    company: {
      name: "Bright Smiles Dental",
      slug: "bright-smiles",
      timezone: "Europe/London",
      locale: "en",
      country: "GB",
      calcomTeamId: 1002,
      calcomApiKey: "cal_test_bright_smiles",
    },
    staffCsv: [
      "name,email,phone,active",
      "Emily Carter,emily@brightsmiles.example,,true",
      // Cal.com: "James O'Neil" <james.oneil@brightsmiles.example>
      "Dr. James O'Neil,jim@brightsmiles.example,,true",
      // Cal.com: priya.patel@gmail.com
      "Priya Patel,priya@brightsmiles.example,,true",
    ].join("\n"),
    services: [
      { name: "Check-up", durationMinutes: 30, priceCents: 6000, eventTypeId: 2101 },
      { name: "Cleaning", durationMinutes: 45, priceCents: 8500, eventTypeId: 2102 },
    ],
    phoneNumber: "+44 20 7946 0018",
  },
];

export const demoAdminEmail = "admin@frontdesk.local";
export const demoCompanyAdminEmail = "inhaber@salon-beispiel.de";
