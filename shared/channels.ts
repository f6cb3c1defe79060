/**
 * Channel and event names only, with no schemas: the sandboxed preload imports this
 * file and must stay free of dependencies. `contract.ts` is checked against this list
 * at compile time, so the two cannot drift apart.
 */
export const CHANNELS = [
  'app.info',
  'app.notices',
  'vault.status',
  'vault.create',
  'vault.unlock',
  'vault.unlockWithRecoveryKey',
  'vault.changePassphrase',
  'vault.lock',
  'vault.seal',
  'vault.open',
  'audit.record',
  'audit.list',
  'audit.verify',
  'audit.seal',
  'settings.get',
  'settings.update',
  'settings.reportComputerZone',
  'shell.openExternal',
  'export.agreementPdf',
  'export.notesPdf',
  'export.csv',
  'export.ics',
  'import.readTextFile',
  'records.begin',
  'records.file',
  'records.notesPdf',
  'records.agreementPdf',
  'records.finish',
  'notify.show',
  'agreement.defaultText',
  'backup.begin',
  'backup.append',
  'backup.finish',
  'backup.inspect',
  'backup.restore',
  'backup.chunk',
  'backup.prepare',
  'backup.commit',
  'backup.resolve',
  'backup.cancel',
  'backup.check',
  'backup.checkWithSecret',
  'autoBackup.status',
  'autoBackup.chooseFolder',
  'autoBackup.turnOff',
  'autoBackup.setSchedule',
  'autoBackup.begin',
  'autoBackup.append',
  'autoBackup.finish',
  'autoBackup.cancel',
  'vault.flushed',
  'vault.headerCopy',
  'vault.recoverHeader',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const isChannel = (name: unknown): name is Channel =>
  typeof name === 'string' && (CHANNELS as readonly string[]).includes(name);

/** The IPC channel name on the wire: a prefix keeps ours apart from Electron's own. */
export const wireName = (c: Channel): string => `holdspace:${c}`;

/** Events main pushes to the renderer (no payload carries client data). */
export const EVENTS = ['vault-locked', 'vault-locking'] as const;
export type HoldspaceEvent = (typeof EVENTS)[number];
