/**
 * The budgets that run in Node: key derivation, sealing throughput against raw AES-256-GCM,
 * the booking conflict check, full-text search over every note, and agreement PDFs. Each uses
 * the app's own code (the main-process Vault, shared/scheduling, pdfkit rendering) on the
 * synthetic practice.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { MemoryStore } from '../electron/main/services/kv-store';
import { Vault } from '../electron/main/services/vault';
import { loadDefaultAgreement, preloadPdfFonts, renderAgreementPdf } from '../electron/main/services/pdf';
import type { AgreementPdfInput } from '../electron/main/services/pdf';
import type { OpenRequestItem, SealRequestItem } from '../shared/envelope';
import { NO_FILTERS, RESULTS_SHOWN, resolvePage } from '../renderer/src/notes/note-search';
import { SEARCH_SHARDS, ShardedNoteIndex, noteKey, searchDocOf } from '../shared/notes/search-index';
import type { NoteKey } from '../shared/notes/search-index';
import { defaultSettings } from '../shared/settings';
import { AppointmentIndex, checkBooking, instantFromZoned } from '../shared/scheduling';
import type { BookingCandidate, IndexedAppointment } from '../shared/scheduling';
import type { SyntheticPractice } from '../tests/fixtures/synthetic-practice';
import { seededRandom } from '../tests/fixtures/synthetic-practice';
import { signaturePng } from '../tests/fixtures/signature-png';
import type { Metric } from './report';
import { timingMetric } from './report';
import { summarise, time } from './stats';
import type { Timings } from './stats';

export const PASSPHRASE = 'quiet lantern orchard tidepool';

export interface BenchOptions {
  /** Measured runs for the repeated (per-operation) benchmarks. */
  runs: number;
  warmup: number;
  /** 1 = full size; the smoke run scales the fixed-size workloads down with it. */
  scale: number;
  resourcesDir: string;
  log: (line: string) => void;
}

// ---------------------------------------------------------------- unlock

export async function benchUnlock(o: BenchOptions): Promise<Metric> {
  const vault = new Vault({ store: new MemoryStore() });
  await vault.create(PASSPHRASE);
  vault.lock('bench');
  const t = await time(
    async () => {
      await vault.unlock(PASSPHRASE);
      vault.lock('bench');
    },
    { warmup: 1, runs: Math.max(1, Math.min(o.runs, 7)) },
  );
  // The parameters calibration chose on this computer at create.
  const kdf = vault.exportHeader().kdf;
  const label =
    kdf.name === 'argon2id' ? `Argon2id m=${kdf.m / 1024} MiB, t=${kdf.t}, p=${kdf.p}` : `scrypt N=2^${Math.log2(kdf.N)}`;
  return timingMetric('unlock', `Unlock (${label}, calibrated)`, t, {
    budgetMs: 1000,
    budgetMinMs: 300,
    budget: '0.3–1 s',
  });
}

// ---------------------------------------------------------------- seal / open throughput

export async function benchCrypto(o: BenchOptions): Promise<Metric[]> {
  const count = Math.max(500, Math.round(10_000 * Math.min(1, o.scale * 10)));
  const batch = 100;
  const rand = seededRandom('crypto');
  const alphabet = 'abcdefghijklmnopqrstuvwxyz     .,ABCDE';
  const plaintexts = Array.from({ length: count }, () => {
    let s = '';
    while (s.length < 2048) s += alphabet[Math.floor(rand() * alphabet.length)];
    return s;
  });
  const buffers = plaintexts.map((p) => Buffer.from(p, 'utf8'));
  const ids = plaintexts.map((_, i) => `record-${i}`);
  const vault = new Vault({ store: new MemoryStore() });
  await vault.create(PASSPHRASE);
  const key = randomBytes(32);
  const batches = <T>(xs: readonly T[]): T[][] =>
    Array.from({ length: Math.ceil(xs.length / batch) }, (_, i) => xs.slice(i * batch, i * batch + batch));

  const sealItems: SealRequestItem[][] = batches(
    plaintexts.map((plaintext, i) => ({ id: ids[i]!, table: 'notes' as const, schemaVersion: 1, plaintext })),
  );
  let sealed: ReturnType<Vault['seal']> = [];
  const vaultSeal = () => {
    sealed = sealItems.flatMap((items) => vault.seal(items));
  };
  let rawSealed: { iv: Buffer; ct: Buffer; tag: Buffer }[] = [];
  const rawSeal = () => {
    rawSealed = batches(buffers).flatMap((bufs) =>
      bufs.map((plain) => {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
        return { iv, ct, tag: cipher.getAuthTag() };
      }),
    );
  };
  const openItems = (): OpenRequestItem[][] =>
    batches(sealed.map((envelope, i) => ({ id: ids[i]!, table: 'notes' as const, schemaVersion: 1, envelope })));
  const vaultOpen = (items: OpenRequestItem[][]) => () => {
    for (const b of items) for (const r of vault.open(b)) if (!r.ok) throw new Error('open failed');
  };
  const rawOpen = () => {
    for (const b of batches(rawSealed)) {
      for (const { iv, ct, tag } of b) {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAuthTag(tag);
        Buffer.concat([decipher.update(ct), decipher.final()]);
      }
    }
  };
  const opts = { warmup: 1, runs: Math.max(1, Math.min(o.runs, 7)) };
  // Interleave so both sides see the same machine state.
  const rawSealT = await time(rawSeal, opts);
  const sealT = await time(vaultSeal, opts);
  const items = openItems();
  const rawOpenT = await time(rawOpen, opts);
  const openT = await time(vaultOpen(items), opts);
  const mb = (count * 2048) / 1e6;
  const throughput = (t: Timings): Timings => summarise(t.runs.map((ms) => mb / (ms / 1000)));
  const metric = (id: string, name: string, t: Timings, raw: Timings): Metric => {
    const tp = throughput(t);
    const rawTp = throughput(raw);
    const ratio = tp.median / rawTp.median;
    // For throughput the slow tail is the low end: report its 5th percentile as "p95".
    const slow = (x: Timings) => [...x.runs].sort((a, b) => a - b)[Math.floor(x.runs.length * 0.05)]!;
    return {
      id,
      name: `${name} (${count.toLocaleString('en-GB')} × 2 KB, batches of ${batch})`,
      unit: 'MB/s',
      median: tp.median,
      p95: slow(tp),
      runs: t.runs.length,
      budget: '≥ 0.5× raw',
      baseline: { name: 'raw AES-256-GCM', median: rawTp.median, p95: slow(rawTp) },
      ratio,
      pass: ratio >= 0.5,
      note: `Vault ${id === 'seal' ? 'seal' : 'open'}: AAD, fresh nonce, base64 envelope${id === 'open' ? ', envelope schema check' : ''}. Raw: createCipheriv/createDecipheriv on Buffers with a fresh nonce, no AAD, no encoding. p95 column is the 5th-percentile (slowest) throughput.`,
    };
  };
  return [metric('seal', 'Seal throughput', sealT, rawSealT), metric('open', 'Open throughput', openT, rawOpenT)];
}

// ---------------------------------------------------------------- conflict check

export function benchConflicts(practice: SyntheticPractice, o: BenchOptions): Metric[] {
  const t0 = performance.now();
  const index = new AppointmentIndex<IndexedAppointment>(
    practice.appointments.map((a) => ({
      id: a.id,
      start: a.start,
      end: a.end,
      kind: a.kind,
      status: a.status,
      ...(a.clientId ? { clientId: a.clientId } : {}),
      ...(a.groupId ? { groupId: a.groupId } : {}),
    })),
  );
  const buildMs = performance.now() - t0;
  const byClient = new Map<string, typeof practice.memberships>();
  for (const m of practice.memberships) byClient.set(m.clientId, [...(byClient.get(m.clientId) ?? []), m]);
  const names = new Map(practice.clients.map((c) => [c.id, c.name]));
  const groupNames = new Map(practice.groups.map((g) => [g.id, g.name]));
  const settings = {
    ...defaultSettings(),
    timeZone: practice.timeZone,
    groupBlocks: [{ weekday: 2, start: '18:00', end: '20:00' }],
  };
  const context = {
    index,
    settings,
    activeGroupIdsForClient: (clientId: string, instant: number) =>
      (byClient.get(clientId) ?? [])
        .filter(
          (m) => m.status !== 'waitlisted' && (m.joinedAt ?? 0) <= instant && (m.leftAt === undefined || m.leftAt > instant),
        )
        .map((m) => m.groupId),
    clientName: (id: string) => names.get(id),
    groupName: (id: string) => groupNames.get(id),
  };
  const rand = seededRandom('conflicts');
  const candidates: BookingCandidate[] = Array.from({ length: 200 }, () => {
    const client = practice.clients[Math.floor(rand() * practice.clients.length)]!;
    const day = new Date(practice.startedAt + Math.floor(rand() * 3650) * 86_400_000);
    const start = instantFromZoned(
      {
        year: day.getUTCFullYear(),
        month: day.getUTCMonth() + 1,
        day: day.getUTCDate(),
        hour: 8 + Math.floor(rand() * 11),
        minute: 0,
      },
      practice.timeZone,
    );
    return { kind: 'individual', clientId: client.id, start, end: start + 50 * 60_000 };
  });
  let conflicts = 0;
  for (let i = 0; i < Math.min(50, candidates.length); i++) checkBooking(candidates[i]!, context);
  const runs: number[] = [];
  const rounds = Math.max(1, Math.min(o.runs, 5));
  for (let r = 0; r < rounds; r++) {
    for (const candidate of candidates) {
      const s = performance.now();
      const result = checkBooking(candidate, context);
      runs.push(performance.now() - s);
      if (r === 0 && result.hard.length > 0) conflicts += 1;
    }
  }
  return [
    timingMetric(
      'conflict-check',
      `Conflict check, one new appointment (${practice.appointments.length.toLocaleString('en-GB')} in the index)`,
      summarise(runs),
      {
        budgetMs: 5,
        note: `checkBooking with default limits, a weekly group block, memberships lookup; ${conflicts} of ${candidates.length} candidates hit a hard conflict. Index build (once, at load): ${buildMs.toFixed(1)} ms.`,
      },
    ),
    timingMetric('conflict-index-build', 'Appointment index build (all appointments, once)', summarise([buildMs]), {}),
  ];
}

// ---------------------------------------------------------------- search

export const SEARCH_QUERIES = [
  'sleep',
  'panic train',
  'grounding',
  'safety plan',
  'mother',
  'redundancy',
  'exposure supermarket',
  'self-harm',
  'boundaries family',
  'GP medication',
  'anniversary',
  'thought record',
];

/** The app's own search (renderer/src/notes/note-search.ts): its MiniSearch index, and searchNotes with its snippets. */
export async function benchSearch(practice: SyntheticPractice, o: BenchOptions): Promise<Metric[]> {
  const t0 = performance.now();
  const index = new ShardedNoteIndex();
  for (let shard = 0; shard < SEARCH_SHARDS; shard++) index.loadShard(shard, undefined, []);
  index.apply(practice.notes.map((note) => ({ op: 'put' as const, doc: searchDocOf('notes', note) })));
  const buildMs = performance.now() - t0;
  const s0 = performance.now();
  const stored = Array.from({ length: SEARCH_SHARDS }, (_, shard) => index.serialize(shard));
  const serializeMs = performance.now() - s0;
  const l0 = performance.now();
  const loaded = new ShardedNoteIndex();
  stored.forEach((segment, shard) => loaded.loadShard(shard, segment, []));
  const loadMs = performance.now() - l0;
  const f0 = performance.now();
  loaded.search(SEARCH_QUERIES[0]!, NO_FILTERS);
  const firstQueryMs = performance.now() - f0;
  const storedBytes = stored.reduce((sum, segment) => sum + segment.length, 0);
  const gzBytes = stored.reduce((sum, segment) => sum + gzipSync(segment).length, 0);
  const byKey = new Map(practice.notes.map((note) => [noteKey('notes', note.id), note]));
  const open = async (keys: readonly NoteKey[]) => new Map(keys.map((key) => [key, byKey.get(key)!] as const));
  const queries = [...SEARCH_QUERIES, practice.clients.find((c) => /[^ -~]/.test(c.name))?.name.split(' ')[0] ?? 'Zoë'];
  for (const q of queries) await resolvePage(loaded.search(q, NO_FILTERS), q, NO_FILTERS, RESULTS_SHOWN, open);
  const full: number[] = [];
  const indexOnly: number[] = [];
  let hits = 0;
  const rounds = Math.max(1, Math.min(o.runs, 5));
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      let s = performance.now();
      const answer = loaded.search(q, NO_FILTERS);
      indexOnly.push(performance.now() - s);
      s = performance.now();
      const found = await resolvePage(loaded.search(q, NO_FILTERS), q, NO_FILTERS, RESULTS_SHOWN, open);
      full.push(performance.now() - s);
      if (r === 0) hits += found.total;
      if (found.total !== answer.hits.length)
        throw new Error(`search "${q}": ${found.total} shown of ${answer.hits.length} hits`);
    }
  }
  const io = summarise(indexOnly);
  return [
    timingMetric(
      'search',
      `Search all notes (${practice.notes.length.toLocaleString('en-GB')}; hits, filters and snippets)`,
      summarise(full),
      {
        budgetMs: 150,
        note: `The app's ShardedNoteIndex (${SEARCH_SHARDS} MiniSearch shards: prefix, fuzzy over 4 letters, AND), as the search worker runs it, then resolvePage, which counts every hit and builds highlighted snippets for the first ${RESULTS_SHOWN} shown, as the Notes screen does (notes opened from memory here). ${queries.length} queries × ${rounds} rounds, ${hits.toLocaleString('en-GB')} hits in a round. Index query alone: median ${io.median.toFixed(1)} ms, p95 ${io.p95.toFixed(1)} ms. Synthetic notes use a small vocabulary, so common words hit many notes.`,
      },
    ),
    timingMetric(
      'search-index-build',
      'Search index build from every note (once, after upgrading or restoring an older backup)',
      summarise([buildMs]),
      {
        unit: 's',
        note: 'Indexing every note from its text, as the app does only when the stored index is missing or damaged; otherwise each save adds its own delta.',
      },
    ),
    timingMetric(
      'search-index-load',
      `Search index load from its stored shards (${(gzBytes / 1e6).toFixed(1)} MB gzipped, ${(storedBytes / 1e6).toFixed(0)} MB stored)`,
      summarise([loadMs]),
      {
        unit: 's',
        note: `What the search worker does at the first search after unlocking, here in Node without the gunzip: read the headers of ${SEARCH_SHARDS} shards and build their term trees (shared/notes/search-segment.ts); each term's postings are decoded when a search first reaches it (the first query, "${SEARCH_QUERIES[0]}", then took ${firstQueryMs.toFixed(0)} ms). Writing them all (serialize) took ${(serializeMs / 1000).toFixed(2)} s.`,
      },
    ),
  ];
}

// ---------------------------------------------------------------- PDFs

export async function benchPdf(practice: SyntheticPractice, o: BenchOptions): Promise<Metric[]> {
  const t0 = performance.now();
  await preloadPdfFonts(o.resourcesDir);
  const preloadMs = performance.now() - t0;
  const template = loadDefaultAgreement(o.resourcesDir);
  const group = practice.groups[0]!;
  const names = new Map(practice.clients.map((c) => [c.id, c.name]));
  const memberNames = [...new Set(practice.memberships.filter((m) => m.groupId === group.id).map((m) => names.get(m.clientId)!))];
  while (memberNames.length < 15) memberNames.push(practice.clients[memberNames.length % practice.clients.length]!.name);
  const sig = { member: signaturePng(480, 160, 2), facilitator: signaturePng(440, 150, 3) };
  const member = (name: string, i: number) => ({
    name,
    signature:
      i % 3 === 2
        ? { method: 'wet-ink' as const, signedOn: '2025-09-01' }
        : {
            method: 'on-screen' as const,
            signedOn: '2025-09-01',
            memberSignature: sig.member,
            facilitatorSignature: sig.facilitator,
          },
  });
  const input = (members: AgreementPdfInput['members']): AgreementPdfInput => ({
    paperSize: 'A4',
    group: { name: group.name, facilitator: group.facilitator },
    agreement: { title: template.title, version: 1, clauses: template.clauses },
    members,
    generatedOn: '2026-01-05',
  });
  const single = input([member(memberNames[0]!, 0)]);
  const roster = input(memberNames.slice(0, 15).map(member));
  let singleBytes = 0;
  let rosterBytes = 0;
  const singleT = await time(
    async () => (singleBytes = (await renderAgreementPdf(single, { resourcesDir: o.resourcesDir })).length),
    {
      warmup: 2,
      runs: Math.max(1, Math.min(o.runs * 2, 20)),
    },
  );
  const rosterT = await time(
    async () => (rosterBytes = (await renderAgreementPdf(roster, { resourcesDir: o.resourcesDir })).length),
    {
      warmup: 1,
      runs: Math.max(1, Math.min(o.runs, 7)),
    },
  );
  return [
    timingMetric('pdf-agreement', 'Group agreement PDF, one member (on-screen signatures)', singleT, {
      budgetMs: 100,
      note: `Default agreement (${template.clauses.length} clauses), ${Math.round(singleBytes / 1024)} KB. Fonts preloaded once first (preloadPdfFonts: ${preloadMs.toFixed(0)} ms).`,
    }),
    timingMetric('pdf-roster', 'Agreement roster PDF, 15 members', rosterT, {
      budgetMs: 1000,
      budget: '< 1 s',
      unit: 's',
      note: `Names in several scripts; two in three signed on screen. ${Math.round(rosterBytes / 1024)} KB.`,
    }),
  ];
}
