// Runs Electronegativity through its programmatic API over electron/ and the built
// output, and fails on any finding not explained in the committed allowlist. (Its CLI
// prints findings but always exits 0, so it cannot gate a build on its own.)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const i18n = require('@doyensec/electronegativity/dist/locales/i18n.js');
const initI18n = typeof i18n === 'function' ? i18n : i18n.default;
const run = require('@doyensec/electronegativity/dist/runner.js');
const allowlist = JSON.parse(fs.readFileSync(path.join(root, 'tests/security/electronegativity-allowlist.json'), 'utf8'));

await initI18n();
// The build is scanned as one app so global checks see main, preload and the page together.
const targets = ['electron', 'out'].map((t) => path.join(root, t));
for (const t of targets) {
  if (!fs.existsSync(t)) {
    console.error(`Security scan: ${path.relative(root, t)} is missing; run the build first.`);
    process.exit(1);
  }
}

const electronVersion = require('electron/package.json').version;
let unexplained = 0;
let total = 0;
for (const input of targets) {
  const result = await run(
    {
      input,
      customScan: [],
      excludeFromScan: [],
      severitySet: 'informational',
      confidenceSet: 'tentative',
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
  for (const error of result.errors ?? []) {
    console.error(`Security scan could not parse ${error.file}: ${error.message ?? error.error ?? 'parse error'}`);
    unexplained += 1;
  }
  for (const issue of result.issues) {
    total += 1;
    const where = `${path.relative(root, path.join(input, issue.file))}:${issue.location.line}`;
    const allowed = allowlist.find((a) => a.id === issue.id && (a.file === undefined || where.startsWith(a.file)));
    if (allowed) {
      console.log(`  allowed  ${issue.id} at ${where}: ${allowed.reason}`);
    } else {
      unexplained += 1;
      console.error(`  FINDING  ${issue.id} (${issue.severity.name}/${issue.confidence.name}) at ${where}: ${issue.description}`);
    }
  }
}
console.log(`Electronegativity: ${total} finding(s), ${unexplained} not explained in the allowlist.`);
process.exit(unexplained === 0 ? 0 : 1);
