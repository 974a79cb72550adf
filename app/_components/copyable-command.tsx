"use client";

import { useState } from "react";

/** A shell command in a code block with a Copy button (the clipboard gets exactly the text shown). */
export function CopyableCommand({ command, label }: { command: string; label: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  return (
    <div className="mb-command">
      <pre>
        <code>{command}</code>
      </pre>
      <button
        type="button"
        className="secondary"
        aria-label={`Copy: ${label}`}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(command);
            setCopied("yes");
          } catch {
            setCopied("no");
          }
          setTimeout(() => setCopied(null), 2000);
        }}
      >
        {copied === "yes" ? "Copied" : copied === "no" ? "Select and copy" : "Copy"}
      </button>
    </div>
  );
}
