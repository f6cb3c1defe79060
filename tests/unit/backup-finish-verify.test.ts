/**
 * "Back up now" reads the new file back before it takes the place of anything: a file that does
 * not read back as written is never saved, and an earlier backup at the same path is untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readBackup } from '../../electron/main/services/backup';
import type { BackupRow } from '../../electron/main/services/backup';
import { PASS, testServices } from './helpers/main-services';

afterEach(() => vi.restoreAllMocks());

async function backUp(s: ReturnType<typeof testServices>, file: string, ids: string[]) {
  s.saveTo.push(file);
  const { token } = await s.handlers['backup.begin']({ dbVersion: 4, suggestedName: path.basename(file) });
  const rows = ids.map(
    (id) =>
      ({
        id,
        v: 1,
        env: s.vault.seal([{ id, table: 'clients', schemaVersion: 1, plaintext: JSON.stringify({ id }) }])[0]!,
      }) as BackupRow,
  );
  await s.handlers['backup.append']({ token: token!, table: 'clients', rows });
  return s.handlers['backup.finish']({ token: token! });
}

describe('Back up now', () => {
  it('keeps a backup only once it reads back as written, and never replaces an earlier one with one that does not', async () => {
    const s = testServices();
    await s.handlers['vault.create']({ passphrase: PASS });
    const file = path.join(s.dataDir, 'practice.holdspace-backup');

    expect(await backUp(s, file, ['c1', 'c2'])).toEqual({ fileName: 'practice.holdspace-backup', records: 2 });
    const earlier = fs.readFileSync(file);
    expect((await readBackup(file)).index.counts).toMatchObject({ clients: 2 });

    // The drive hands back something else than was written: the new backup is not kept.
    vi.spyOn(fs, 'createReadStream').mockImplementation((() => Readable.from([Buffer.from('not what was written\n')])) as never);
    const failed = await backUp(s, file, ['c1', 'c2', 'c3']).then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    );
    vi.restoreAllMocks();
    expect(failed?.code).toBe('NOT_ALLOWED');
    expect(failed?.message).toMatch(
      /did not read back as it was written, so it was not saved\. Any earlier backup there is unchanged/,
    );
    // The earlier backup is byte for byte as it was, and no half-written file is left beside it.
    expect(fs.readFileSync(file).equals(earlier)).toBe(true);
    expect(fs.readdirSync(s.dataDir).filter((f) => f.includes('practice.holdspace-backup'))).toEqual([
      'practice.holdspace-backup',
    ]);

    // Read back as written, it replaces the earlier one.
    expect(await backUp(s, file, ['c1', 'c2', 'c3'])).toEqual({ fileName: 'practice.holdspace-backup', records: 3 });
    expect((await readBackup(file)).index.counts).toMatchObject({ clients: 3 });
  });
});
