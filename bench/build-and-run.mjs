// Bundles bench/run.ts (TypeScript) with rolldown into .tmp/bench/run.mjs and runs it with
// node, passing arguments through. Packages stay external (resolved from node_modules),
// except the few whose packaging plain Node cannot import by name (BUNDLED).
// Builds the app first if out/renderer is missing, since the Chromium part serves it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

if (!args.includes('--skip-browser') && !fs.existsSync(path.join(root, 'out/renderer/index.html'))) {
  console.log('out/renderer is missing: building the app first (electron-vite build)…');
  const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// Two levels below the root, so modules that find the repository relative to themselves
// (tests/e2e/harness.ts) still resolve it from inside the bundle.
const BUNDLED = ['rrule'];
const file = path.join(root, '.tmp/bench/run.mjs');
const bundle = await rolldown({
  input: path.join(root, 'bench/run.ts'),
  platform: 'node',
  logLevel: 'silent',
  // rrule's package entry has no named ESM exports under plain Node, so it is bundled.
  external: (id) => !id.startsWith('.') && !path.isAbsolute(id) && !BUNDLED.some((p) => id === p || id.startsWith(`${p}/`)),
});
await bundle.write({ file, format: 'esm', sourcemap: true });
await bundle.close();

const run = spawnSync(process.execPath, ['--enable-source-maps', '--max-old-space-size=8192', file, ...args], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
