"use client";
/**
 * Pattern learning settings: how far back learning looks, the false-discovery level, the minimum
 * outcomes before a finding counts, and the confounders every effect is re-checked within. Admins
 * edit them; everyone sees them. The next learning run uses them.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, MultiSelect, MultiSelectItem, NumberInput, Text, Title } from "@tremor/react";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { useCan } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { Loading } from "../ui/Loading";

interface Draft {
  lookbackDays?: number;
  alpha?: number;
  minConversions?: number;
  confounders?: string[];
  excludedAttributes?: string[];
}

const label = (name: string) => name.replace(/^attributes\./, "").replace(/_/g, " ");

export function PatternSettingsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = useCan("patterns:manage");
  const query = useQuery(trpc.patterns.settings.queryOptions());
  const [draft, setDraft] = useState<Draft>({});
  const update = useMutation(
    trpc.patterns.updateSettings.mutationOptions({
      onSuccess: async () => {
        setDraft({});
        await queryClient.invalidateQueries(trpc.patterns.settings.queryFilter());
      },
    }),
  );

  const data = query.data;
  const current = data?.settings;
  const value = current ? { ...current, ...draft } : null;
  const changed = Boolean(current && value && JSON.stringify(value) !== JSON.stringify(current));
  const choices = data?.confounderChoices ?? [];

  function submit(event: FormEvent) {
    event.preventDefault();
    if (changed) update.mutate(draft);
  }

  return (
    <Card id="pattern-learning">
      <Title>Pattern learning</Title>
      <Text>What the weekly learning run (and “Learn now”) uses. Changes apply from the next run.</Text>
      {query.isPending && <Loading what="pattern settings" />}
      <ErrorCallout error={query.error} title="Could not load the pattern settings" />
      {current && value && !canEdit && (
        <dl className="mt-3 grid grid-cols-[12rem_1fr] gap-y-2 text-tremor-default" data-testid="pattern-settings">
          <dt className="text-tremor-content">Look back</dt>
          <dd className="text-tremor-content-strong">{current.lookbackDays} days</dd>
          <dt className="text-tremor-content">False-discovery level</dt>
          <dd className="text-tremor-content-strong">{current.alpha}</dd>
          <dt className="text-tremor-content">Minimum outcomes per finding</dt>
          <dd className="text-tremor-content-strong">{current.minConversions}</dd>
          <dt className="text-tremor-content">Confounders</dt>
          <dd className="text-tremor-content-strong">{current.confounders.map(label).join(", ") || "none"}</dd>
          <dt className="text-tremor-content">Left out of WHO</dt>
          <dd className="text-tremor-content-strong">{current.excludedAttributes.map(label).join(", ") || "none"}</dd>
          <dd className="col-span-2 mt-1 text-tremor-label text-tremor-content">Only admins and owners can change these.</dd>
        </dl>
      )}
      {current && value && canEdit && (
        <form onSubmit={submit} className="mt-3 grid max-w-xl gap-4" data-testid="pattern-settings">
          <label className="space-y-1">
            <span className="text-tremor-default font-medium text-tremor-content-emphasis">Look back (days)</span>
            <NumberInput value={value.lookbackDays} min={7} max={3650} step={1} enableStepper={false} onValueChange={(v) => setDraft((d) => ({ ...d, lookbackDays: v }))} aria-label="Look back in days" />
            <Text className="text-tremor-label">Leads created and touches sent in this many days up to the newest one are analysed (so an imported archive is learned from its own last year).</Text>
          </label>
          <label className="space-y-1">
            <span className="text-tremor-default font-medium text-tremor-content-emphasis">False-discovery level</span>
            <NumberInput value={value.alpha} min={0.001} max={0.2} step="any" enableStepper={false} onValueChange={(v) => setDraft((d) => ({ ...d, alpha: v }))} aria-label="False-discovery level" />
            <Text className="text-tremor-label">Benjamini–Hochberg level over each detector’s comparisons (0.05: about 1 in 20 reported findings may be chance).</Text>
          </label>
          <label className="space-y-1">
            <span className="text-tremor-default font-medium text-tremor-content-emphasis">Minimum outcomes per finding</span>
            <NumberInput value={value.minConversions} min={1} max={10000} step={1} enableStepper={false} onValueChange={(v) => setDraft((d) => ({ ...d, minConversions: v }))} aria-label="Minimum outcomes per finding" />
            <Text className="text-tremor-label">Below this many outcomes (observed or expected) a value is shown with what it still needs, never as a finding.</Text>
          </label>
          <div className="space-y-1">
            <span className="text-tremor-default font-medium text-tremor-content-emphasis">Confounders</span>
            <MultiSelect value={value.confounders} onValueChange={(v) => setDraft((d) => ({ ...d, confounders: v }))} placeholder="No confounders" aria-label="Confounders">
              {[...choices, ...value.confounders.filter((c) => !choices.some((choice) => choice.name === c)).map((name) => ({ name, description: "lead attribute" }))].map((c) => (
                <MultiSelectItem key={c.name} value={c.name}>
                  {label(c.name)}
                </MultiSelectItem>
              ))}
            </MultiSelect>
            <Text className="text-tremor-label">
              Every reported effect is re-checked within the strata of each (Mantel–Haenszel); an effect that reverses or vanishes there is shown with its adjusted value and never as a finding.
            </Text>
            <ul className="list-disc pl-5 text-tremor-label text-tremor-content">
              {choices
                .filter((c) => !c.name.startsWith("attributes.") && c.description !== "lead attribute (WHO)")
                .map((c) => (
                  <li key={c.name}>
                    <span className="font-medium">{label(c.name)}</span>: {c.description}
                  </li>
                ))}
              <li>
                <span className="font-medium">a lead attribute</span> (industry, country, any imported column): WHO re-checks every other attribute within its values; the choices list those WHO analysed last.
              </li>
            </ul>
          </div>
          <div className="space-y-1">
            <span className="text-tremor-default font-medium text-tremor-content-emphasis">Leave out of WHO</span>
            <MultiSelect value={value.excludedAttributes} onValueChange={(v) => setDraft((d) => ({ ...d, excludedAttributes: v }))} placeholder="Nothing left out" aria-label="Lead attributes left out">
              {(data?.attributeChoices ?? []).map((name) => (
                <MultiSelectItem key={name} value={name}>
                  {label(name)}
                </MultiSelectItem>
              ))}
            </MultiSelect>
            <Text className="text-tremor-label">
              Lead attributes known only after the outreach they would explain (a call&apos;s duration, the number of calls made) predict the outcome without helping anyone choose leads: leave them out of
              the comparisons and the lead score.
            </Text>
          </div>
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={!changed} loading={update.isPending}>
              Save
            </Button>
            {changed && (
              <Button type="button" variant="secondary" onClick={() => setDraft({})}>
                Reset
              </Button>
            )}
            {update.isSuccess && !changed && (
              <p className="text-tremor-default text-emerald-600" role="status">
                Saved. The next learning run uses these.
              </p>
            )}
          </div>
          <ErrorCallout error={update.error} title="Could not save" />
        </form>
      )}
    </Card>
  );
}
