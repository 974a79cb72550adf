import type { CSSProperties, ReactNode } from "react";
import "./scroll-table.css";

/**
 * A wide table's frame: it scrolls sideways inside the page (never the page itself) and keeps its
 * first `sticky` columns in view (Rank and Team on the leaderboards). Sticky columns are chosen by
 * position, so tables rendered as HTML strings (the heatmap's body) get them too. The first column
 * is `firstColumnWidth` wide so the second can stick right after it.
 *
 * The frame is a focusable, labelled region: keyboard users scroll it with the arrow keys.
 */
export function ScrollTable(props: {
  /** What the table shows, for screen readers ("Leaderboard", "Teams × classes"). */
  label: string;
  sticky?: 0 | 1 | 2;
  firstColumnWidth?: string;
  /** Shrink to the table's width instead of spanning the page (heatmaps). */
  fit?: boolean;
  maxHeight?: string;
  className?: string;
  children: ReactNode;
}) {
  const style: CSSProperties & Record<`--${string}`, string> = {};
  if (props.firstColumnWidth) style["--mb-col1"] = props.firstColumnWidth;
  if (props.maxHeight) style.maxHeight = props.maxHeight;
  return (
    <div
      className={["mb-table-wrap", props.fit ? "mb-fit" : "", props.className ?? ""].filter(Boolean).join(" ")}
      data-sticky={props.sticky ?? 0}
      role="region"
      aria-label={props.label}
      tabIndex={0}
      style={style}
    >
      {props.children}
    </div>
  );
}
