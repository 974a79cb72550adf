// Cividis: perceptually uniform and readable with the common colour-vision deficiencies.
const STOPS: [number, number, number][] = [
  [0x00, 0x20, 0x4c],
  [0x41, 0x4d, 0x6b],
  [0x7c, 0x7b, 0x78],
  [0xbc, 0xaf, 0x6f],
  [0xff, 0xe9, 0x45],
];

/** Background and readable text colour for a value in [0, 1] (clamped). */
export function cividis(value: number): { background: string; color: string } {
  const v = Math.min(1, Math.max(0, value));
  const pos = v * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(pos));
  const t = pos - i;
  const [r, g, b] = STOPS[i].map((c, k) => Math.round(c + (STOPS[i + 1][k] - c) * t));
  return { background: `rgb(${r}, ${g}, ${b})`, color: v < 0.55 ? "#fff" : "#111" };
}

export const CIVIDIS_GRADIENT = `linear-gradient(to right, ${STOPS.map(([r, g, b]) => `rgb(${r}, ${g}, ${b})`).join(", ")})`;

/** Heatmap cells use one of these classes instead of inline styles: 4,000 cells stay small HTML. */
export const HEAT_BUCKETS = 20;

export function heatClass(value: number): string {
  const v = Math.min(1, Math.max(0, value));
  return `h${Math.min(HEAT_BUCKETS - 1, Math.floor(v * HEAT_BUCKETS))}`;
}

export function heatStylesheet(): string {
  const rules: string[] = [];
  for (let i = 0; i < HEAT_BUCKETS; i++) {
    const { background, color } = cividis((i + 0.5) / HEAT_BUCKETS);
    rules.push(`table.mb-heatmap td.h${i}{background:${background};color:${color}}`);
  }
  return rules.join("\n");
}
