/**
 * The seed of a phase's draws (docs/statistics.md): the organizer's, or — when none is set — one derived
 * from the phase id and the config version (FNV-1a, 31 bits), so every version has its own fixed
 * draws and every entry scored under it shares them.
 */
export function phaseSeed(stated: number | null, phaseId: string, version: number): number {
  if (stated !== null) return stated;
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(`${phaseId}:v${version}`)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
}
