"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-renders the page from the server every `seconds` while `active` (something is queued or
 * running), keeping what the user typed in its forms, and says so. Renders nothing when idle.
 */
export function AutoRefresh({
  active,
  seconds = 5,
  label = "Updating while evaluations run",
}: {
  active: boolean;
  seconds?: number;
  label?: string;
}) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [active, seconds, router]);
  if (!active) return null;
  return (
    <p className="mb-muted mb-small" role="status" data-testid="auto-refresh">
      <span className="mb-live-dot" aria-hidden="true" /> {label} (every {seconds} s).
    </p>
  );
}
