"use client";
import { Badge, Card, Text, Title } from "@tremor/react";
import Link from "next/link";
import type { ComingFeature } from "./nav";

/** Describes a feature that is not built yet. Deliberately shows no numbers. */
export function ComingFeaturePage({ feature, slug }: { feature: ComingFeature; slug: string }) {
  return (
    <div className="max-w-2xl">
      <div className="flex items-center gap-3">
        <Title>{feature.label}</Title>
        <Badge color="gray">coming</Badge>
      </div>
      <Card className="mt-4">
        <Text className="text-tremor-content-emphasis">{feature.summary}</Text>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-tremor-default text-tremor-content">
          {feature.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
        <Text className="mt-4">
          It will work from the leads, touches, outcomes and calls you send. Until then, see the{" "}
          <Link className="text-tremor-brand hover:underline" href={`/t/${slug}/overview`}>
            Overview
          </Link>{" "}
          and the{" "}
          <Link className="text-tremor-brand hover:underline" href={`/t/${slug}/data`}>
            Data
          </Link>{" "}
          pages.
        </Text>
      </Card>
    </div>
  );
}
