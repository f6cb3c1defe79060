import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importCycles } from './helpers/import-cycles';

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'holdspace-cycles-'));
  scratch.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('import cycles', () => {
  it('renderer/src has none', () => {
    expect(importCycles('renderer/src')).toEqual([]);
  });

  it('shared/ and electron/ have none', () => {
    expect(importCycles('shared')).toEqual([]);
    expect(importCycles('electron')).toEqual([]);
  });

  it('finds a cycle that closes through a type-only import, across folders and .tsx files', () => {
    // The shape navigation used to have: a view list importing screens, a screen importing a
    // helper, the helper importing a type back from the view list.
    const root = tree({
      'shell/views.ts': "import { Screen } from '../notes/Screen';\nexport type ViewId = 'a';\nexport const VIEWS = [Screen];\n",
      'notes/Screen.tsx': "import { go } from '../shell/navigate';\nexport const Screen = () => { go('a'); return null; };\n",
      'shell/navigate.ts': "import type { ViewId } from './views';\nexport const go = (_v: ViewId): void => undefined;\n",
      'leaf/route.ts': "export type Route = 'a';\n",
      'shell/Shell.tsx':
        "import type { Route } from '../leaf/route';\nimport { VIEWS } from './views';\nexport const n: Route = 'a';\nexport const s = VIEWS;\n",
    });
    expect(importCycles(root)).toEqual([['notes/Screen.tsx', 'shell/navigate.ts', 'shell/views.ts']]);
  });

  it('finds a file importing itself, a cycle through an index file, and one through import()', () => {
    const root = tree({
      'self.ts': "export * from './self';\n",
      'pkg/index.ts': "export { b } from '../b';\n",
      'b.ts': "import { a } from './pkg';\nexport const b = () => a;\n",
      'lazy/one.ts': "export const load = () => import('./two');\n",
      'lazy/two.ts': "export { load } from './one';\n",
      'clean.ts': "import { b } from './b';\nexport const c = b;\n",
    });
    const cycles = importCycles(root).sort((x, y) => x[0]!.localeCompare(y[0]!));
    expect(cycles).toEqual([['b.ts', 'pkg/index.ts'], ['lazy/one.ts', 'lazy/two.ts'], ['self.ts']]);
  });

  it('reports nothing for a tree without a cycle', () => {
    const root = tree({
      'a.ts': "import { b } from './b';\nimport { c } from './c';\nexport const a = [b, c];\n",
      'b.ts': "import { c } from './c';\nexport const b = c;\n",
      'c.ts': "import { useState } from 'react';\nexport const c = useState;\n",
    });
    expect(importCycles(root)).toEqual([]);
  });
});
