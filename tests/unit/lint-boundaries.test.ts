import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });
const ruleIds = async (code: string, filePath: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
};

describe('process boundaries are enforced by lint', () => {
  it('shared/ may not import electron or Node built-ins', async () => {
    expect(await ruleIds("import { app } from 'electron';\nexport const a = app;\n", 'shared/probe.ts')).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds("import fs from 'node:fs';\nexport const a = fs;\n", 'shared/probe.ts')).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds("import path from 'path';\nexport const a = path;\n", 'shared/probe.ts')).toContain(
      'no-restricted-imports',
    );
  });

  it('shared/ may not use DOM or Node globals', async () => {
    expect(await ruleIds('export const a = () => document.title;\n', 'shared/probe.ts')).toContain('no-restricted-globals');
    expect(await ruleIds('export const a = () => window.innerWidth;\n', 'shared/probe.ts')).toContain('no-restricted-globals');
    expect(await ruleIds('export const a = () => process.env;\n', 'shared/probe.ts')).toContain('no-restricted-globals');
  });

  it('the renderer may not import from electron/', async () => {
    expect(
      await ruleIds(
        "import { Vault } from '../../electron/main/services/vault';\nexport const v = Vault;\n",
        'renderer/src/probe.ts',
      ),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds("import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n", 'renderer/src/probe.ts'),
    ).toContain('no-restricted-imports');
  });

  it('the renderer may not render HTML from data', async () => {
    const code = 'export const A = ({ t }: { t: string }) => <div dangerouslySetInnerHTML={{ __html: t }} />;\n';
    expect(await ruleIds(code, 'renderer/src/probe.tsx')).toContain('no-restricted-syntax');
  });

  it('allowed code passes: shared/ importing zod, the renderer importing shared/', async () => {
    expect(await ruleIds("import { z } from 'zod';\nexport const s = z.string();\n", 'shared/probe.ts')).toEqual([]);
    expect(
      await ruleIds("import { CHANNELS } from '../../shared/channels';\nexport const c = CHANNELS;\n", 'renderer/src/probe.ts'),
    ).toEqual([]);
  });
});
