/**
 * Structural hashing. Every node stores a 64-bit hash (as 16 hex digits) of
 * its kind, fields and children's hashes, computed once at construction, so
 * hashing a DAG costs one step per distinct node.
 */

const M1 = 0x9e3779b1;
const M2 = 0x85ebca77;

/** Hashes a list of parts (strings or child hashes) to 16 hex digits. */
export function hashParts(parts: readonly string[]): string {
  // Two independent 32-bit FNV-1a style lanes, mixed; collisions are then
  // improbable, and equality still falls back to a structural comparison.
  let h1 = 0x811c9dc5;
  let h2 = 0x1b873593;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, M1);
    }
    // separator so ["ab","c"] and ["a","bc"] differ
    h1 = Math.imul(h1 ^ 0xff, 0x01000193);
    h2 = Math.imul(h2 ^ 0xff, M2);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), M2) ^ Math.imul(h2 ^ (h2 >>> 13), M1);
  h2 = Math.imul(h2 ^ (h2 >>> 16), M1) ^ Math.imul(h1 ^ (h1 >>> 13), M2);
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}
