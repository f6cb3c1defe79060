import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../electron/main/dispatcher';
import type { Handlers } from '../../electron/main/dispatcher';
import { CHANNELS, contract, wireName } from '../../shared/contract';
import type { Channel } from '../../shared/contract';
import { createHoldspaceApi } from '../../electron/preload/api-factory';
import { UserFacingError } from '../../shared/result';
import type { Result } from '../../shared/result';
import { PASS, testServices } from './helpers/main-services';

const ORIGIN = 'app://holdspace';

function spyHandlers(): { handlers: Handlers; calls: string[] } {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      (input: unknown) => {
        calls.push(c);
        return input;
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

/** Payloads no channel accepts: wrong types, extra keys, missing fields. */
const MALFORMED: unknown[] = [null, 42, 'text', [], { __proto__: { polluted: true }, extra: 1 }, { unexpected: 'field' }];

describe('the IPC contract', () => {
  it('the preload API exposes exactly one function per channel', () => {
    const api = createHoldspaceApi({ invoke: async () => ({ ok: true, value: {} }), subscribe: () => () => undefined });
    const exposed = Object.entries(api).flatMap(([ns, fns]) =>
      typeof fns === 'function' ? [] : Object.keys(fns as object).map((m) => `${ns}.${m}`),
    );
    expect(exposed.sort()).toEqual([...CHANNELS].sort());
    expect(Object.keys(api)).not.toContain('invoke');
  });

  it.each(CHANNELS)('rejects malformed payloads on %s before any handler runs', async (channel) => {
    const { handlers, calls } = spyHandlers();
    const dispatch = createDispatcher({ handlers, trustedOrigin: ORIGIN });
    for (const payload of MALFORMED) {
      // A payload the schema accepts is not malformed for that channel: skip it.
      if (contract[channel].input.safeParse(payload).success) continue;
      const result = await dispatch(`${ORIGIN}/index.html`, wireName(channel), payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      if (!result.ok) expect(result.error.message).toMatch(/expected form/);
    }
    expect(calls).toEqual([]);
  });

  it('refuses a message from a foreign origin without calling the handler', async () => {
    const { handlers, calls } = spyHandlers();
    const dispatch = createDispatcher({ handlers, trustedOrigin: ORIGIN });
    for (const sender of ['https://evil.example/', 'file:///tmp/x.html', undefined, 'app://other/index.html']) {
      const result = await dispatch(sender, wireName('vault.status'), {});
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ORIGIN' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses unknown channels', async () => {
    const { handlers } = spyHandlers();
    const dispatch = createDispatcher({ handlers, trustedOrigin: ORIGIN });
    expect(await dispatch(`${ORIGIN}/`, 'holdspace:fs.readFile', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
  });

  it('turns service errors into clinician messages and hides internal ones', async () => {
    const onInternalError = vi.fn();
    const { handlers } = spyHandlers();
    handlers['vault.unlock'] = () => {
      throw new UserFacingError('WRONG_PASSPHRASE', 'That passphrase is not right.');
    };
    handlers['vault.status'] = () => {
      throw new TypeError('secret internal detail: Jane Doe');
    };
    const dispatch = createDispatcher({ handlers, trustedOrigin: ORIGIN, onInternalError });
    expect(await dispatch(`${ORIGIN}/`, wireName('vault.unlock'), { passphrase: 'x' })).toEqual({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE', message: 'That passphrase is not right.' },
    });
    const internal = await dispatch(`${ORIGIN}/`, wireName('vault.status'), {});
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(internal)).not.toContain('Jane Doe');
    expect(onInternalError).toHaveBeenCalledOnce();
  });

  it('passes parsed input to the handler and wraps the value', async () => {
    const { handlers, calls } = spyHandlers();
    const dispatch = createDispatcher({ handlers, trustedOrigin: ORIGIN });
    expect(await dispatch(`${ORIGIN}/`, wireName('settings.update'), { patch: { idleLockMinutes: 5 } })).toEqual({
      ok: true,
      value: { patch: { idleLockMinutes: 5 } },
    });
    expect(calls).toEqual(['settings.update']);
  });
});

/**
 * Where an output differs from its channel's declared schema: a parse failure, or a field the
 * handler sends that the schema does not declare (zod would drop it silently, so the page's
 * types would not know it). Undefined when the output is exactly what the contract says.
 */
function outputDrift(channel: Channel, output: unknown): string | undefined {
  const parsed = contract[channel].output.safeParse(output);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') || '(output)'}: ${i.message}`).join('; ');
  const undeclared = (raw: unknown, kept: unknown, at: string): string[] => {
    if (typeof raw !== 'object' || raw === null || typeof kept !== 'object' || kept === null) return [];
    return Object.entries(raw).flatMap(([key, value]) =>
      value === undefined
        ? []
        : key in kept
          ? undeclared(value, (kept as Record<string, unknown>)[key], `${at}${key}.`)
          : [`${at}${key} is not in the schema`],
    );
  };
  const extra = undeclared(output, parsed.data, '');
  return extra.length > 0 ? extra.join('; ') : undefined;
}

/** The handlers, each recording what it returns. */
function recording(handlers: Handlers, outputs: Map<Channel, unknown[]>): Handlers {
  return Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      async (input: unknown) => {
        const output = await (handlers[channel] as (input: unknown) => unknown)(input);
        outputs.set(channel, [...(outputs.get(channel) ?? []), output]);
        return output;
      },
    ]),
  ) as unknown as Handlers;
}

/** The preload's API over the dispatcher over the services' handlers: the app's own path, in Node. */
function apiOver(handlers: Handlers) {
  const dispatch = createDispatcher({ handlers, trustedOrigin: ORIGIN });
  return createHoldspaceApi({
    invoke: (channel, payload) => dispatch(`${ORIGIN}/index.html`, channel, structuredClone(payload)),
    subscribe: () => () => undefined,
  });
}

async function value<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe("every handler's real output", () => {
  it('is told apart from its schema when it drifts: a wrong type, a missing field, or a field the schema lacks', () => {
    expect(outputDrift('app.info', { version: '1.0.0', platform: 'linux' })).toBeUndefined();
    expect(outputDrift('app.info', { version: '1.0.0', platform: 'linux', build: 7 })).toMatch(/build is not in the schema/);
    expect(outputDrift('vault.status', { state: 'open', retryAfterMs: 0 })).toMatch(/state/);
    expect(outputDrift('backup.finish', { fileName: 'b.holdspace-backup' })).toMatch(/records/);
    const verified = { run: 'a1b2c3d4e5f60718', done: true, checked: 1, total: 1, intact: false, entries: 1, problemCount: 1 };
    expect(outputDrift('audit.verify', { ...verified, problems: [{ line: 1, problem: 'edited', at: 5 }] })).toMatch(
      /problems\.0\.at is not in the schema/,
    );
  });

  it('matches the schema its channel declares, for every channel, driven through real services in a temporary folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-contract-'));
    const exportParent = path.join(dir, 'exports');
    fs.mkdirSync(exportParent);
    const outputs = new Map<Channel, unknown[]>();
    const s = testServices({
      startupNotices: ['The settings file could not be read and was set aside.'],
      hooks: { chooseFolder: async () => exportParent },
    });
    const api = apiOver(recording(s.handlers, outputs));
    const NEXT = 'copper meadow lighthouse violin';

    await value(api.app.info({}));
    await value(api.app.notices({}));
    await value(api.vault.status({}));
    const { recoveryKey } = await value(api.vault.create({ passphrase: PASS }));
    await value(api.settings.get({}));
    await value(api.settings.update({ patch: { idleLockMinutes: 5 } }));
    await value(api.settings.reportComputerZone({ timeZone: 'America/New_York' }));

    const { envelopes } = await value(
      api.vault.seal({ items: [{ id: 'client-1', table: 'clients', schemaVersion: 1, plaintext: '{"id":"client-1"}' }] }),
    );
    // One that opens and one that does not (an envelope moved onto another record).
    await value(
      api.vault.open({
        items: [
          { id: 'client-1', table: 'clients', schemaVersion: 1, envelope: envelopes[0] },
          { id: 'client-2', table: 'clients', schemaVersion: 1, envelope: envelopes[0] },
        ],
      }),
    );
    await value(api.audit.record({ events: [{ action: 'create', kind: 'client', recordId: 'client-1' }] }));
    // The newest page, then the next, older one with a filter.
    const newest = await value(api.audit.list({ limit: 1 }));
    expect(newest).toMatchObject({ entries: [{ action: 'create', recordId: 'client-1' }], next: expect.any(Number) });
    await value(api.audit.list({ before: newest.next!, actions: ['unlock', 'create'], from: 0, limit: 50 }));
    // The sealed copy of the trail's head the page keeps with the records: first none, then the one main handed out.
    const { seal } = await value(api.audit.seal({ stored: null }));
    await value(api.audit.seal({ stored: seal }));
    await value(api.shell.openExternal({ url: 'https://example.org/session' }));
    await value(api.notify.show({ title: 'Session soon', body: 'A session starts in 10 minutes.' }));

    const template = await value(api.agreement.defaultText({}));
    const agreement = {
      paperSize: 'A4' as const,
      group: { name: 'Thursday group', facilitator: 'Dr Lee' },
      agreement: { title: template.title, version: 1, clauses: template.clauses.slice(0, 2) },
      members: [{ name: 'Sam Okafor' }],
      generatedOn: '2026-03-14',
      blank: true,
    };
    const notes = {
      paperSize: 'A4' as const,
      title: 'Session notes',
      timeZone: 'Europe/London',
      generatedOn: '2026-03-14',
      notes: [
        {
          sessionAt: Date.UTC(2026, 2, 12, 10),
          template: 'SOAP',
          durationMinutes: 50,
          sections: [{ label: 'Subjective', text: 'Slept better this week.' }],
          interventions: [],
          risk: { level: 'none', plan: '' },
          nextSteps: '',
          status: 'signed' as const,
          addenda: [],
        },
      ],
    };
    const audit = { kind: 'note', recordIds: ['note-1'] };
    s.saveTo.push(...['a.pdf', 'n.pdf', 'x.csv', 'c.ics'].map((f) => path.join(dir, f)));
    const saved = await value(
      api.export.agreementPdf({ request: agreement, destination: 'save', suggestedName: 'Agreement.pdf', audit }),
    );
    expect(saved.unprintable).toBeUndefined();
    // A member named in a script Holdspace has no font for: saved, and the characters that print as boxes are told.
    const tibetan = { ...agreement, members: [{ name: 'བཀྲ་ཤིས་' }] };
    s.saveTo.push(path.join(dir, 't.pdf'));
    const boxed = await value(api.export.agreementPdf({ request: tibetan, destination: 'save', suggestedName: 'A.pdf', audit }));
    expect(boxed).toMatchObject({ saved: true, unprintable: ['བ', 'ཀྲ', '་', 'ཤི', 'ས'] });
    await value(api.export.notesPdf({ request: notes, destination: 'print', suggestedName: 'Note.pdf', audit }));
    await value(api.export.notesPdf({ request: notes, destination: 'save', suggestedName: 'Note.pdf', audit }));
    await value(api.export.csv({ content: 'member,present\nS.O.,yes\n', suggestedName: 'Attendance.csv', audit }));
    await value(api.export.ics({ request: { timeZone: 'Europe/London', events: [] }, suggestedName: 'Calendar.ics', audit }));
    const csv = path.join(dir, 'clients.csv');
    fs.writeFileSync(csv, 'Name,Email\nJane Smith,jane@example.org\n');
    s.openFrom.push(csv);
    await value(api.import.readTextFile({ kind: 'csv' }));
    await value(api.import.readTextFile({ kind: 'ics' })); // cancelled

    const { token } = await value(api.records.begin({ passphrase: PASS, folderName: 'Holdspace records' }));
    await value(api.records.file({ token: token!, name: 'clients.csv', text: 'id,name\n' }));
    await value(api.records.notesPdf({ token: token!, name: 'client-1.pdf', request: notes }));
    await value(api.records.agreementPdf({ token: token!, name: 'agreement-1.pdf', request: agreement }));
    await value(api.records.agreementPdf({ token: token!, name: 'agreement-2.pdf', request: tibetan }));
    expect(await value(api.records.finish({ token: token! }))).toMatchObject({
      files: 4,
      unprintable: ['བ', 'ཀྲ', '་', 'ཤི', 'ས'],
    });

    const backupFile = path.join(dir, 'practice.holdspace-backup');
    s.saveTo.push(backupFile);
    const backup = await value(api.backup.begin({ dbVersion: 3, suggestedName: 'Holdspace backup.holdspace-backup' }));
    const row = { id: 'client-1', v: 1, env: envelopes[0]!, status: 'active', archived: 0 };
    await value(api.backup.append({ token: backup.token!, table: 'clients', rows: [row] }));
    await value(api.backup.finish({ token: backup.token! }));
    s.openFrom.push(backupFile, backupFile);
    await value(api.backup.inspect({}));
    await value(api.backup.cancel({}));
    await value(api.backup.inspect({}));
    await value(api.backup.restore({ passphrase: PASS, current: PASS }));
    await value(api.backup.chunk({ index: 0 }));
    await value(api.backup.prepare({}));
    await value(api.backup.commit({}));
    await value(api.backup.resolve({}));

    const { header } = await value(api.vault.headerCopy({}));
    await value(api.vault.changePassphrase({ current: PASS, next: NEXT }));
    await value(api.vault.flushed({}));
    await value(api.vault.lock({ reason: 'manual' }));
    await value(api.vault.unlock({ passphrase: NEXT }));
    await value(api.vault.lock({ reason: 'shortcut' }));
    await value(api.vault.unlockWithRecoveryKey({ recoveryKey }));
    // A trail with a changed entry: verify reports it.
    const started = await value(api.audit.verify({}));
    const trail = path.join(s.dataDir, 'audit', 'trail.jsonl');
    const lines = fs.readFileSync(trail, 'utf8').split('\n');
    lines[1] = lines[1]!.replace(/"ct":"(.)/, (_m, c: string) => `"ct":"${c === 'A' ? 'B' : 'A'}`);
    fs.writeFileSync(trail, lines.join('\n'));
    await value(api.audit.verify({}));
    // The next step of the first check (its verdict again, if it was done).
    expect((await value(api.audit.verify({ run: started.run }))).run).toBe(started.run);

    // Automatic backups into the chosen folder, then Check a backup: this vault's file, and another vault's with its passphrase.
    await value(api.autoBackup.status({}));
    await value(api.autoBackup.setSchedule({ schedule: { kind: 'daily' } }));
    await value(api.autoBackup.chooseFolder({}));
    const auto = await value(api.autoBackup.begin({ dbVersion: 3 }));
    await value(api.autoBackup.append({ token: auto.token, table: 'clients', rows: [row] }));
    await value(api.autoBackup.finish({ token: auto.token }));
    const abandoned = await value(api.autoBackup.begin({ dbVersion: 3 }));
    await value(api.autoBackup.cancel({ token: abandoned.token }));
    await value(api.autoBackup.turnOff({}));
    s.openFrom.push(backupFile);
    await value(api.backup.check({}));
    const foreign = testServices();
    const foreignApi = apiOver(foreign.handlers);
    await value(foreignApi.vault.create({ passphrase: PASS }));
    const sealed = await value(
      foreignApi.vault.seal({ items: [{ id: 'client-9', table: 'clients', schemaVersion: 1, plaintext: '{"id":"client-9"}' }] }),
    );
    const foreignFile = path.join(dir, 'elsewhere.holdspace-backup');
    foreign.saveTo.push(foreignFile);
    const elsewhere = await value(foreignApi.backup.begin({ dbVersion: 3, suggestedName: 'Elsewhere.holdspace-backup' }));
    await value(
      foreignApi.backup.append({
        token: elsewhere.token!,
        table: 'clients',
        rows: [{ ...row, id: 'client-9', env: sealed.envelopes[0]! }],
      }),
    );
    await value(foreignApi.backup.finish({ token: elsewhere.token! }));
    s.openFrom.push(foreignFile);
    expect(await value(api.backup.check({}))).toMatchObject({ outcome: 'other-vault' });
    await value(api.backup.checkWithSecret({ passphrase: PASS }));

    // Another computer whose settings file lost the header: it takes the copy kept with the records.
    const other = testServices();
    await value(apiOver(recording(other.handlers, outputs)).vault.recoverHeader({ header }));

    expect(CHANNELS.filter((channel) => !outputs.has(channel))).toEqual([]);
    const drift = [...outputs].flatMap(([channel, values]) =>
      values.map((output) => [channel, outputDrift(channel, output)]).filter(([, problem]) => problem !== undefined),
    );
    expect(drift).toEqual([]);
    // What the driven outputs include, so the checks above are not about empty answers.
    expect(outputs.get('vault.open')).toEqual([
      {
        results: [
          { ok: true, plaintext: '{"id":"client-1"}' },
          { ok: false, reason: 'tampered' },
        ],
      },
    ]);
    expect((outputs.get('audit.verify')![1] as { problems: unknown[] }).problems.length).toBeGreaterThan(0);
    expect(outputs.get('app.notices')).toEqual([{ notices: ['The settings file could not be read and was set aside.'] }]);
  }, 60_000);
});
