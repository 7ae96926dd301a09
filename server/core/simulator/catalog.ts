/**
 * Who the simulated leads are: industries, seniorities, sources, countries and names, each
 * with the planted WHO effects on booking.
 *
 * A level with `effect` is a planted truth (a booking rate ratio at effectScale 1, relative to
 * the levels of the same variable without one); a level without is a planted null. Within each
 * variable the planted lifts and drops are balanced by weight (sum of weight × (effect − 1) ≈ 0),
 * so the null levels also sit at the overall rate and a "this level vs the rest" comparison
 * does not flag them.
 */

export interface Level {
  value: string;
  /** Relative sampling weight. */
  weight: number;
  /** Planted multiplier at effectScale 1; absent means a planted null (multiplier 1). */
  effect?: number;
  /** Why the effect was planted (copied into the truth). */
  note?: string;
}

export const INDUSTRIES: readonly Level[] = [
  { value: "SaaS", weight: 0.08, effect: 2.0, note: "software buyers feel the pain and buy fast" },
  { value: "Fintech", weight: 0.06, effect: 2.0, note: "fast-moving, tooling-friendly buyers" },
  { value: "Education", weight: 0.14, effect: 0.5, note: "slow budget cycles halve bookings" },
  { value: "Real Estate", weight: 0.14, effect: 0.5, note: "broker-led, rarely books a demo" },
  { value: "Healthcare", weight: 0.12 },
  { value: "Manufacturing", weight: 0.12 },
  { value: "Retail", weight: 0.12 },
  { value: "Logistics", weight: 0.11 },
  { value: "Insurance", weight: 0.11 },
  { value: "Professional Services", weight: 0.12 },
];

export const SENIORITIES: readonly Level[] = [
  { value: "C-level", weight: 0.08, effect: 1.8, note: "decision makers book when interested" },
  { value: "VP", weight: 0.12, effect: 1.8, note: "budget owners book when interested" },
  { value: "Director", weight: 0.25 },
  { value: "Manager", weight: 0.3 },
  { value: "Individual Contributor", weight: 0.3, effect: 0.5, note: "cannot commit the team" },
];

export const TITLES_BY_SENIORITY: Readonly<Record<string, readonly string[]>> = {
  "C-level": ["CEO", "Founder & CEO", "COO", "CFO", "CRO", "CMO", "CTO"],
  VP: ["VP of Sales", "VP Marketing", "VP Revenue Operations", "VP Customer Success", "VP Growth"],
  Director: ["Director of Sales", "Director of Marketing", "Director of Operations", "Sales Director", "Director of Demand Generation"],
  Manager: ["Sales Manager", "Marketing Manager", "RevOps Manager", "Operations Manager", "Inside Sales Manager"],
  "Individual Contributor": ["Account Executive", "Sales Development Rep", "Marketing Specialist", "Operations Analyst", "Customer Success Specialist"],
};

export const SOURCES: readonly Level[] = [
  { value: "referral", weight: 0.1, effect: 2.0, note: "a warm introduction doubles bookings" },
  { value: "outbound_list", weight: 0.4, effect: 0.75, note: "bought lists are colder" },
  { value: "inbound_form", weight: 0.2 },
  { value: "event", weight: 0.15 },
  { value: "partner", weight: 0.15 },
];

export interface Country {
  name: string;
  weight: number;
  /** IANA zones with relative weights inside the country. */
  zones: readonly { zone: string; weight: number }[];
}

/** Country (and so time zone) is a planted null for both booking and replies. */
export const COUNTRIES: readonly Country[] = [
  {
    name: "United States",
    weight: 0.45,
    zones: [
      { zone: "America/New_York", weight: 0.45 },
      { zone: "America/Chicago", weight: 0.25 },
      { zone: "America/Denver", weight: 0.08 },
      { zone: "America/Los_Angeles", weight: 0.22 },
    ],
  },
  { name: "Canada", weight: 0.06, zones: [{ zone: "America/Toronto", weight: 0.7 }, { zone: "America/Vancouver", weight: 0.3 }] },
  { name: "United Kingdom", weight: 0.12, zones: [{ zone: "Europe/London", weight: 1 }] },
  { name: "Germany", weight: 0.08, zones: [{ zone: "Europe/Berlin", weight: 1 }] },
  { name: "France", weight: 0.05, zones: [{ zone: "Europe/Paris", weight: 1 }] },
  { name: "Netherlands", weight: 0.04, zones: [{ zone: "Europe/Amsterdam", weight: 1 }] },
  { name: "Australia", weight: 0.08, zones: [{ zone: "Australia/Sydney", weight: 0.7 }, { zone: "Australia/Brisbane", weight: 0.3 }] },
  { name: "Singapore", weight: 0.06, zones: [{ zone: "Asia/Singapore", weight: 1 }] },
  { name: "India", weight: 0.06, zones: [{ zone: "Asia/Kolkata", weight: 1 }] },
];

/** Free lead attributes (`lead.attributes.crm`, `lead.attributes.fundingStage`): planted nulls. */
export const CRMS: readonly Level[] = [
  { value: "Salesforce", weight: 0.35 },
  { value: "HubSpot", weight: 0.3 },
  { value: "Pipedrive", weight: 0.15 },
  { value: "Zoho", weight: 0.08 },
  { value: "none", weight: 0.12 },
];

export const FUNDING_STAGES: readonly Level[] = [
  { value: "bootstrapped", weight: 0.25 },
  { value: "seed", weight: 0.15 },
  { value: "series_a", weight: 0.18 },
  { value: "series_b", weight: 0.14 },
  { value: "growth", weight: 0.13 },
  { value: "public", weight: 0.15 },
];

/** Company size is log-normal: median employees and log-sd. Planted null. */
export const COMPANY_SIZE = { median: 150, logSd: 1.2, min: 2, max: 100_000 } as const;

export const FIRST_NAMES: readonly string[] = [
  "Maria", "James", "Aisha", "Wei", "Lukas", "Sofia", "Daniel", "Priya", "Chloe", "Mateo",
  "Hannah", "Omar", "Emma", "Noah", "Yuki", "Lars", "Isabel", "Ethan", "Fatima", "Liam",
  "Grace", "Arjun", "Mia", "Lucas", "Zoe", "Ravi", "Elena", "Jack", "Nina", "Samuel",
  "Olivia", "Kenji", "Amara", "Felix", "Leah", "Diego", "Sara", "Tom", "Ines", "Marcus",
];

export const LAST_NAMES: readonly string[] = [
  "Garcia", "Smith", "Khan", "Chen", "Muller", "Rossi", "Johnson", "Patel", "Martin", "Lopez",
  "Schmidt", "Haddad", "Brown", "Wilson", "Tanaka", "Jensen", "Fernandez", "Taylor", "Ali", "Murphy",
  "Nguyen", "Sharma", "Dubois", "Silva", "Walker", "Reddy", "Novak", "Evans", "Kowalski", "Cohen",
  "Anderson", "Sato", "Okafor", "Weber", "Levi", "Ramos", "Lindqvist", "Clarke", "Costa", "Baker",
];

export const COMPANY_PREFIXES: readonly string[] = [
  "Northwind", "Bluepeak", "Ironclad", "Summit", "Brightline", "Cobalt", "Evergreen", "Harbor", "Keystone", "Lumen",
  "Meridian", "Nimbus", "Oakridge", "Pinnacle", "Quartz", "Redwood", "Silverline", "Tidewater", "Vertex", "Westfield",
  "Alder", "Beacon", "Cascade", "Driftwood", "Ember", "Falcon", "Granite", "Horizon", "Juniper", "Kestrel",
];

export const COMPANY_SUFFIXES_BY_INDUSTRY: Readonly<Record<string, readonly string[]>> = {
  SaaS: ["Cloud", "Labs", "Software", "AI"],
  Fintech: ["Pay", "Capital", "Ledger", "Finance"],
  Healthcare: ["Health", "Care", "Medical", "Clinics"],
  Manufacturing: ["Industries", "Manufacturing", "Works", "Components"],
  Retail: ["Retail", "Goods", "Outfitters", "Market"],
  Logistics: ["Logistics", "Freight", "Shipping", "Transport"],
  Education: ["Learning", "Academy", "Education", "Schools"],
  "Real Estate": ["Realty", "Properties", "Homes", "Estates"],
  Insurance: ["Insurance", "Assurance", "Mutual", "Underwriters"],
  "Professional Services": ["Consulting", "Partners", "Advisory", "Group"],
};
