"use client";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** The page's origin (e.g. "https://flywheel.example.com"); `fallback` while rendering on the server. */
export function useOrigin(fallback = ""): string {
  return useSyncExternalStore(subscribe, () => window.location.origin, () => fallback);
}
