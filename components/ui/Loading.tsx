export function Loading({ what }: { what: string }) {
  return (
    <p className="animate-pulse py-6 text-tremor-default text-tremor-content" aria-busy="true" role="status">
      Loading {what}…
    </p>
  );
}
