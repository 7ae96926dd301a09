"use client";
/**
 * Drafts an experiment (experiments:write): which prompt, which of its versions each arm serves,
 * the metric that decides and the guardrails that must not get worse, and the decision settings.
 * Defaults follow the server's schema; the server validates again and its issues are shown next
 * to the fields they name.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Text, Title } from "@tremor/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { EXPERIMENT_METRICS, GUARDRAIL_METRICS } from "@/server/services/experiments/schemas";
import { useTRPC } from "@/trpc/react";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout, errorIssues } from "../ui/ErrorCallout";
import type { RouterInputs } from "../ui/trpc-types";
import { controlClass, Field, FieldError } from "./fields";
import { metricLabel } from "./format";

type CreateInput = RouterInputs["experiments"]["create"];
type GuardrailMetric = NonNullable<CreateInput["guardrails"]>[number]["metric"];

interface ArmDraft {
  id: number;
  key: string;
  /** null: the default for this row (production for the control, the newest other version for a variant). */
  version: string | null;
  weight: string;
}

interface GuardrailDraft {
  id: number;
  metric: string;
  /** Percent, e.g. "2" = a 2% relative drop tolerated. */
  maxDrop: string;
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9-_.]{0,63}$/;
const slugify = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);

let nextId = 1;
const newArm = (key: string): ArmDraft => ({ id: nextId++, key, version: null, weight: "1" });

/** A number from a text box; undefined when empty so the server default applies. */
function numberOrUndefined(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === "" ? undefined : Number(trimmed);
}

export function NewExperimentForm({ onCancel }: { onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { slug } = useTenantView();
  const canRun = useCan("experiments:run");

  const [name, setName] = useState("");
  const [key, setKey] = useState<string | null>(null);
  const [hypothesis, setHypothesis] = useState("");
  const [prompt, setPrompt] = useState("");
  const [arms, setArms] = useState<ArmDraft[]>(() => [newArm("control"), newArm("variant")]);
  const [controlIndex, setControlIndex] = useState(0);
  const [primaryMetric, setPrimaryMetric] = useState<string>("booked");
  const [guardrails, setGuardrails] = useState<GuardrailDraft[]>([]);
  const [minSample, setMinSample] = useState("100");
  const [maxSample, setMaxSample] = useState("");
  const [minLift, setMinLift] = useState("5");
  const [alpha, setAlpha] = useState("0.05");
  const [method, setMethod] = useState<"sequential" | "fixed">("sequential");
  const [allocation, setAllocation] = useState<"fixed" | "thompson">("fixed");
  const [windowDays, setWindowDays] = useState("14");
  const [salt, setSalt] = useState("");
  const [start, setStart] = useState(false);

  const prompts = useQuery(trpc.prompts.list.queryOptions({ limit: 500 }));
  const detail = useQuery(trpc.prompts.get.queryOptions({ name: prompt }, { enabled: prompt !== "" }));
  const versions = detail.data?.versions ?? [];
  const production = versions.find((v) => v.labels.includes("production"))?.version ?? null;
  const newest = versions[0]?.version ?? null; // versions come newest first
  const newestOther = versions.find((v) => v.version !== production)?.version ?? newest;

  const create = useMutation(
    trpc.experiments.create.mutationOptions({
      onSuccess: async (created) => {
        await queryClient.invalidateQueries(trpc.experiments.pathFilter());
        router.push(`/t/${slug}/experiments/${encodeURIComponent(created.key)}`);
      },
    }),
  );

  const keyValue = key ?? slugify(name);
  const issues = errorIssues(create.error);
  const issueAt = (path: string) => issues.find((i) => i.path === path)?.message;

  function defaultVersion(index: number): string {
    const fallback = index === controlIndex ? (production ?? versions[versions.length - 1]?.version ?? null) : newestOther;
    return fallback === null ? "" : String(fallback);
  }
  const armVersion = (arm: ArmDraft, index: number) => arm.version ?? defaultVersion(index);

  function updateArm(id: number, patch: Partial<ArmDraft>) {
    setArms((current) => current.map((a) => (a.id === id ? { ...a, ...patch } : a)));
  }

  function removeArm(index: number) {
    setArms((current) => current.filter((_, i) => i !== index));
    setControlIndex((c) => (c === index ? 0 : c > index ? c - 1 : c));
  }

  function choosePrompt(value: string) {
    setPrompt(value);
    // Versions belong to the prompt: go back to the defaults of the new one.
    setArms((current) => current.map((a) => ({ ...a, version: null })));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const input: CreateInput = {
      key: keyValue,
      name: name.trim(),
      ...(hypothesis.trim() ? { hypothesis: hypothesis.trim() } : {}),
      prompt,
      arms: arms.map((arm, i) => ({ key: arm.key.trim(), version: Number(armVersion(arm, i)), weight: Number(arm.weight), isControl: i === controlIndex })),
      primaryMetric: primaryMetric as CreateInput["primaryMetric"],
      guardrails: guardrails.map((g) => ({ metric: g.metric as GuardrailMetric, maxRelativeDrop: Number(g.maxDrop) / 100 })),
      minSamplePerArm: numberOrUndefined(minSample),
      ...(maxSample.trim() ? { maxSamplePerArm: Number(maxSample) } : {}),
      minRelativeLift: minLift.trim() === "" ? undefined : Number(minLift) / 100,
      alpha: numberOrUndefined(alpha),
      method,
      allocation,
      attributionWindowDays: numberOrUndefined(windowDays),
      ...(salt.trim() ? { salt: salt.trim() } : {}),
      start: canRun && start,
    };
    create.mutate(input);
  }

  const promptItems = prompts.data?.items ?? [];
  const keyProblem = keyValue && !KEY_PATTERN.test(keyValue) ? "lowercase letters, digits, '-', '_' or '.', at most 64 characters" : undefined;

  // noValidate: the server's schema is the one validation, and its issues appear next to the fields.
  return (
    <form onSubmit={submit} noValidate className="space-y-6" data-testid="new-experiment-form" aria-label="New experiment">
      <div>
        <Title>New experiment</Title>
        <Text>Arms serve versions of one prompt. Agents ask which arm a lead gets; outcomes in the attribution window after the first exposure count for that arm.</Text>
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Name" error={issueAt("name")} errorTestId="field-error-name">
          <input className={controlClass} value={name} onChange={(e) => setName(e.target.value)} aria-label="Experiment name" placeholder="Shorter cold-open email" required />
        </Field>
        <Field label="Key" hint="Agents send this key to the assignment API. From the name unless you change it." error={issueAt("key") ?? keyProblem} errorTestId="field-error-key">
          <input className={`${controlClass} font-mono`} value={keyValue} onChange={(e) => setKey(e.target.value)} aria-label="Experiment key" placeholder="cold-open-short" required />
        </Field>
        <Field label="Hypothesis" className="md:col-span-2" error={issueAt("hypothesis")} errorTestId="field-error-hypothesis">
          <textarea className={controlClass} rows={2} value={hypothesis} onChange={(e) => setHypothesis(e.target.value)} aria-label="Hypothesis" placeholder="A shorter first email gets more bookings because…" />
        </Field>
        <Field
          label="Prompt"
          error={issueAt("prompt")}
          errorTestId="field-error-prompt"
          hint={
            prompts.data && promptItems.length === 0 ? (
              <>
                No prompts yet: create one with two versions on the{" "}
                <Link href={`/t/${slug}/prompts`} className="text-tremor-brand hover:underline">
                  Prompts
                </Link>{" "}
                page first.
              </>
            ) : (
              "The registry item whose versions the arms serve."
            )
          }
        >
          <select className={controlClass} value={prompt} onChange={(e) => choosePrompt(e.target.value)} aria-label="Prompt" required>
            <option value="">{prompts.isPending ? "Loading prompts…" : "Choose a prompt"}</option>
            {promptItems.map((p) => (
              <option key={p.id} value={p.name}>
                {p.name} ({p.versionCount} version{p.versionCount === 1 ? "" : "s"})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Primary metric" hint="Share of exposed units with this outcome (revenue: revenue per unit)." error={issueAt("primaryMetric")} errorTestId="field-error-primaryMetric">
          <select className={controlClass} value={primaryMetric} onChange={(e) => setPrimaryMetric(e.target.value)} aria-label="Primary metric">
            {EXPERIMENT_METRICS.map((m) => (
              <option key={m} value={m}>
                {m} ({metricLabel(m)})
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ErrorCallout error={prompts.error ?? detail.error} title="Could not load the prompt" />

      <fieldset className="space-y-2" aria-label="Arms">
        <legend className="text-tremor-default font-medium text-tremor-content-strong">Arms</legend>
        <Text className="text-tremor-label">At least two. The control is what the others are compared with (by default the production version). Weights are relative traffic shares.</Text>
        <FieldError message={issueAt("arms")} testId="arms-error" />
        <div className="space-y-2">
          {arms.map((arm, i) => {
            const n = i + 1;
            return (
              <div key={arm.id} className="grid grid-cols-[1fr_1fr_6rem_auto_auto] items-start gap-2" data-testid={`arm-row-${i}`}>
                <div>
                  <input className={`${controlClass} font-mono`} value={arm.key} onChange={(e) => updateArm(arm.id, { key: e.target.value })} aria-label={`Arm ${n} key`} required />
                  <FieldError message={issueAt(`arms[${i}].key`)} testId={`field-error-arms-${i}-key`} />
                </div>
                <div>
                  <select className={controlClass} value={armVersion(arm, i)} onChange={(e) => updateArm(arm.id, { version: e.target.value })} aria-label={`Arm ${n} version`} disabled={!prompt} required>
                    <option value="">{prompt ? (detail.isPending ? "Loading versions…" : "Choose a version") : "Choose a prompt first"}</option>
                    {versions.map((v) => (
                      <option key={v.id} value={String(v.version)}>
                        v{v.version}
                        {v.labels.length ? ` · ${v.labels.join(", ")}` : ""}
                        {v.commitMessage ? ` — ${v.commitMessage.slice(0, 60)}` : ""}
                      </option>
                    ))}
                  </select>
                  <FieldError message={issueAt(`arms[${i}].version`)} testId={`field-error-arms-${i}-version`} />
                </div>
                <div>
                  <input className={controlClass} type="number" min={0} step="any" value={arm.weight} onChange={(e) => updateArm(arm.id, { weight: e.target.value })} aria-label={`Arm ${n} weight`} required />
                  <FieldError message={issueAt(`arms[${i}].weight`)} testId={`field-error-arms-${i}-weight`} />
                </div>
                <label className="flex items-center gap-1.5 pt-2 text-tremor-default text-tremor-content-emphasis">
                  <input type="radio" name="control-arm" className="h-4 w-4 accent-blue-500" checked={controlIndex === i} onChange={() => setControlIndex(i)} aria-label={`Arm ${n} is the control`} />
                  control
                </label>
                <Button type="button" size="xs" variant="light" color="rose" className="pt-2" onClick={() => removeArm(i)} disabled={arms.length <= 2} aria-label={`Remove arm ${n}`}>
                  Remove
                </Button>
              </div>
            );
          })}
        </div>
        <Button type="button" size="xs" variant="secondary" onClick={() => setArms((current) => [...current, newArm(`variant-${current.length}`)])} disabled={arms.length >= 8}>
          Add arm
        </Button>
      </fieldset>

      <fieldset className="space-y-2" aria-label="Guardrails">
        <legend className="text-tremor-default font-medium text-tremor-content-strong">Guardrails</legend>
        <Text className="text-tremor-label">Metrics a winner must not make significantly worse by more than the tolerated relative drop (for no_show and lost, a rise is worse).</Text>
        {guardrails.map((g, i) => (
          <div key={g.id} className="grid grid-cols-[1fr_10rem_auto] items-start gap-2" data-testid={`guardrail-row-${i}`}>
            <div>
              <select className={controlClass} value={g.metric} onChange={(e) => setGuardrails((c) => c.map((x) => (x.id === g.id ? { ...x, metric: e.target.value } : x)))} aria-label={`Guardrail ${i + 1} metric`}>
                {GUARDRAIL_METRICS.map((m) => (
                  <option key={m} value={m}>
                    {m} ({metricLabel(m)})
                  </option>
                ))}
              </select>
              <FieldError message={issueAt(`guardrails[${i}].metric`)} testId={`field-error-guardrails-${i}-metric`} />
            </div>
            <div>
              <div className="flex items-center gap-1">
                <input
                  className={controlClass}
                  type="number"
                  min={0}
                  max={100}
                  step="any"
                  value={g.maxDrop}
                  onChange={(e) => setGuardrails((c) => c.map((x) => (x.id === g.id ? { ...x, maxDrop: e.target.value } : x)))}
                  aria-label={`Guardrail ${i + 1} max relative drop (%)`}
                />
                <span className="text-tremor-default text-tremor-content">%</span>
              </div>
              <FieldError message={issueAt(`guardrails[${i}].maxRelativeDrop`)} testId={`field-error-guardrails-${i}-maxRelativeDrop`} />
            </div>
            <Button type="button" size="xs" variant="light" color="rose" className="pt-2" onClick={() => setGuardrails((c) => c.filter((x) => x.id !== g.id))}>
              Remove
            </Button>
          </div>
        ))}
        <Button
          type="button"
          size="xs"
          variant="secondary"
          onClick={() => setGuardrails((c) => [...c, { id: nextId++, metric: GUARDRAIL_METRICS.find((m) => m !== primaryMetric && !c.some((x) => x.metric === m)) ?? "replied", maxDrop: "2" }])}
          disabled={guardrails.length >= 10}
        >
          Add guardrail
        </Button>
      </fieldset>

      <fieldset className="space-y-2" aria-label="Decision settings">
        <legend className="text-tremor-default font-medium text-tremor-content-strong">Decision</legend>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Field label="Min sample per arm" hint="No decision before every arm has this many units." error={issueAt("minSamplePerArm")} errorTestId="field-error-minSamplePerArm">
            <input className={controlClass} type="number" min={10} step={1} value={minSample} onChange={(e) => setMinSample(e.target.value)} aria-label="Min sample per arm" />
          </Field>
          <Field label="Max sample per arm" hint="Optional: stop without a winner at this size." error={issueAt("maxSamplePerArm")} errorTestId="field-error-maxSamplePerArm">
            <input className={controlClass} type="number" min={10} step={1} value={maxSample} onChange={(e) => setMaxSample(e.target.value)} aria-label="Max sample per arm" placeholder="no limit" />
          </Field>
          <Field label="Min relative lift (%)" hint="Deploy gate: the observed lift a winner needs." error={issueAt("minRelativeLift")} errorTestId="field-error-minRelativeLift">
            <input className={controlClass} type="number" min={0} step="any" value={minLift} onChange={(e) => setMinLift(e.target.value)} aria-label="Min relative lift (%)" />
          </Field>
          <Field label="Alpha" hint="Significance level after the multiple-testing adjustment." error={issueAt("alpha")} errorTestId="field-error-alpha">
            <input className={controlClass} type="number" min={0} max={0.2} step="any" value={alpha} onChange={(e) => setAlpha(e.target.value)} aria-label="Alpha" />
          </Field>
          <Field label="Method" hint={method === "sequential" ? "Always-valid p-values: safe to look at any time." : "One look at the planned sample size."} error={issueAt("method")} errorTestId="field-error-method">
            <select className={controlClass} value={method} onChange={(e) => setMethod(e.target.value as "sequential" | "fixed")} aria-label="Method">
              <option value="sequential">sequential</option>
              <option value="fixed">fixed horizon</option>
            </select>
          </Field>
          <Field label="Allocation" hint={allocation === "thompson" ? "Bandit: weights follow each arm's chance of being best after every evaluation." : "Traffic split by the weights above."} error={issueAt("allocation")} errorTestId="field-error-allocation">
            <select className={controlClass} value={allocation} onChange={(e) => setAllocation(e.target.value as "fixed" | "thompson")} aria-label="Allocation">
              <option value="fixed">fixed weights</option>
              <option value="thompson">Thompson sampling</option>
            </select>
          </Field>
          <Field label="Attribution window (days)" hint="Outcomes within this many days of a unit's first exposure count." error={issueAt("attributionWindowDays")} errorTestId="field-error-attributionWindowDays">
            <input className={controlClass} type="number" min={1} max={365} step={1} value={windowDays} onChange={(e) => setWindowDays(e.target.value)} aria-label="Attribution window (days)" />
          </Field>
          <Field label="Hash seed" hint="Optional: the same seed reproduces the same split of units. Random when empty." error={issueAt("salt")} errorTestId="field-error-salt">
            <input className={`${controlClass} font-mono`} value={salt} onChange={(e) => setSalt(e.target.value)} aria-label="Hash seed" placeholder="random" />
          </Field>
        </div>
      </fieldset>

      <div className="flex flex-wrap items-center gap-4 border-t border-tremor-border pt-4">
        {canRun ? (
          <label className="flex items-center gap-2 text-tremor-default text-tremor-content-emphasis">
            <input type="checkbox" className="h-4 w-4 accent-blue-500" checked={start} onChange={(e) => setStart(e.target.checked)} aria-label="Start now" />
            Start now (agents get arms right away)
          </label>
        ) : (
          <Text className="text-tremor-label">Saved as a draft; an admin starts it.</Text>
        )}
        <Button type="submit" loading={create.isPending} disabled={!prompt || !name.trim() || !keyValue} data-testid="create-experiment">
          {start && canRun ? "Create and start" : "Create experiment"}
        </Button>
        <Button type="button" variant="light" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <ErrorCallout error={create.error} title="Could not create the experiment" />
    </form>
  );
}
