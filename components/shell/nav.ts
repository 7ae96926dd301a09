/** Sidebar entries. "Coming" features have a page describing what they will do, with no figures. */
export const LIVE_NAV = [
  { segment: "overview", label: "Overview" },
  { segment: "data", label: "Data" },
  { segment: "patterns", label: "Patterns" },
  { segment: "prompts", label: "Prompts" },
  { segment: "experiments", label: "Experiments" },
  { segment: "approvals", label: "Approvals" },
  { segment: "models", label: "Models" },
  { segment: "calls", label: "Calls" },
  { segment: "settings", label: "Settings" },
] as const;

export interface ComingFeature {
  segment: string;
  label: string;
  summary: string;
  details: string[];
}

export const COMING_FEATURES: ComingFeature[] = [
  {
    segment: "agents",
    label: "Agents",
    summary: "The outreach and calling agents that send touches on your behalf and their prompt versions.",
    details: ["Each agent's prompt history and which version produced which touches and calls.", "Performance per version, from the same funnel as the Overview."],
  },
  {
    segment: "evolution",
    label: "Evolution",
    summary: "Proposed prompt and sequence changes derived from patterns and experiments.",
    details: ["Candidate changes with the evidence behind them.", "A history of what changed, when, and what happened to the funnel afterwards."],
  },
];

export const comingFeature = (segment: string) => COMING_FEATURES.find((f) => f.segment === segment);
