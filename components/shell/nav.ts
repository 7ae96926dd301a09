/** Sidebar entries. "Coming" features have a page describing what they will do, with no figures. */
export const LIVE_NAV = [
  { segment: "overview", label: "Overview" },
  { segment: "data", label: "Data" },
  { segment: "patterns", label: "Patterns" },
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
    segment: "experiments",
    label: "Experiments",
    summary: "A/B tests of prompts, templates and sequences, with sequential statistics you can stop early.",
    details: ["Define variants and a primary metric (reply, booking or show rate).", "Lift with confidence intervals and a clear stop/continue decision."],
  },
  {
    segment: "models",
    label: "Models",
    summary: "Predictors trained on your own history: which lead, which message, which time.",
    details: ["Training runs with their data range, features and holdout metrics.", "Calibration and comparison against the current model before anything is promoted."],
  },
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
  {
    segment: "approvals",
    label: "Approvals",
    summary: "A review queue: nothing proposed by Flywheel goes live without a person approving it.",
    details: ["Approve or reject proposed changes, with a diff and the evidence.", "An audit trail of every decision."],
  },
];

export const comingFeature = (segment: string) => COMING_FEATURES.find((f) => f.segment === segment);
