// A Node module-resolution hook: `electron` resolves to the stand-in's shim. Registered by
// load-main.ts with the shim's URL; everything else resolves as usual.
let shimUrl;
export function initialize(data) {
  shimUrl = data.shimUrl;
}
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: shimUrl, shortCircuit: true };
  return nextResolve(specifier, context);
}
