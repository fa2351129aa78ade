import { distance } from "fastest-levenshtein";

/**
 * The candidate closest to `name` (case-insensitive edit distance), if it is
 * close enough to be a plausible typo; otherwise undefined.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  // A suggestion further than a third of the name's length is noise.
  const limit = Math.max(1, Math.ceil(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}
