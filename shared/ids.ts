const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A random id that identifies no one (no timestamp, no counter). Uses the platform's
 * Web Crypto, available both in the renderer and in Node 20's global scope.
 */
export function newId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ID_ALPHABET[b % 36];
  return out;
}
