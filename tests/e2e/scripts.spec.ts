import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freshProfileDir, launchApp } from './harness';
import type { LaunchedApp } from './harness';
import { CalendarPage } from './pages/calendar-page';
import { ClientsPage } from './pages/clients-page';
import { GroupsPage, tomorrowInLondon } from './pages/groups-page';
import { VaultPage } from './pages/vault-page';

/** Names in ten scripts, as a practice's clients write them, and a group name with an emoji. */
const NAMES = [
  'Ξανθίππη Παπαδοπούλου',
  'שרה לוי',
  'अनन्या शर्मा',
  'Łukasz Żółć',
  '佐藤 花子',
  'نور العلي',
  'สมศรี ใจดี',
  'জয়া দত্ত',
  'கார்த்திக் சுப்ரமணியம்',
  '김지민',
] as const;
/** More scripts clients' names come in, checked on the client list (the roster above holds twelve). */
const MORE_NAMES = [
  'ਗੁਰਪ੍ਰੀਤ ਕੌਰ',
  'હેતલ પટેલ',
  'ସୁଭଶ୍ରୀ ଦାସ',
  'వెంకట రమణ',
  'ಅನಿತಾ ರಾವ್',
  'ലക്ഷ്മി നായർ',
  'නිමල් පෙරේරා',
  'ሰላም ተስፋዬ',
  'ნინო ბერიძე',
  'Անի Պետրոսյան',
  'សុខ ចាន់ធី',
  'ສົມພອນ ແກ້ວມະນີ',
  'အောင် ကျော်',
] as const;
const GROUP = 'Sunrise circle 🌅';
const shots = path.join(process.cwd(), '.tmp', 'screenshots');

/**
 * For the text of an element: every character (spaces aside) must be drawn by a bundled
 * face. Chromium takes the first family in the element's font stack whose @font-face
 * unicode-range covers a character, and downloads that face only when text needs it; so
 * the check is that this first covering face exists (no character left to the system's
 * fonts, or to a missing-glyph box) and has loaded. Returns what is wrong, if anything.
 */
async function unbundledCharacters(element: Locator): Promise<string[]> {
  return element.evaluate(async (el) => {
    await document.fonts.ready;
    const text = el.textContent ?? '';
    const families = getComputedStyle(el)
      .fontFamily.split(',')
      .map((f) => f.trim().replace(/^["']|["']$/g, ''));
    const faces = [...document.fonts];
    const ranges = (face: FontFace): Array<[number, number]> =>
      face.unicodeRange.split(',').map((part) => {
        const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
        return [parseInt(from!, 16), parseInt(to ?? from!, 16)];
      });
    const problems: string[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (/\s/.test(ch) || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) continue;
      const face = families
        .map((family) =>
          faces.find((f) => f.family.replace(/^["']|["']$/g, '') === family && ranges(f).some(([a, b]) => cp >= a && cp <= b)),
        )
        .find(Boolean);
      if (!face) problems.push(`${ch} (U+${cp.toString(16)}): no bundled face`);
      else if (face.status !== 'loaded') problems.push(`${ch}: ${face.family} is ${face.status}`);
    }
    return problems;
  });
}

async function expectBundled(page: Page, element: Locator): Promise<void> {
  await expect(element).toBeVisible();
  await expect.poll(() => unbundledCharacters(element), { timeout: 10_000 }).toEqual([]);
  void page;
}

let app: LaunchedApp;
test.beforeEach(async () => {
  app = await launchApp({ profileDir: freshProfileDir('scripts') });
  fs.mkdirSync(shots, { recursive: true });
});
test.afterEach(async () => {
  await app.close();
});

test('names in every script show in bundled fonts on the client list, the roster and the calendar', async () => {
  test.setTimeout(240_000);
  const { page } = app;
  await new VaultPage(page).setUp();
  const clients = new ClientsPage(page);
  for (const name of NAMES) await clients.create({ name });

  await clients.open();
  const list = page.getByRole('list', { name: 'Clients' });
  for (const name of NAMES) {
    const label = list.getByText(name, { exact: true });
    await expectBundled(page, label);
    // User-entered text takes its own direction: a Hebrew or Arabic name reads right to left.
    await expect(label).toHaveAttribute('dir', 'auto');
  }
  for (const name of MORE_NAMES) await clients.create({ name });
  await clients.open();
  for (const name of MORE_NAMES) await expectBundled(page, list.getByText(name, { exact: true }));
  const rtl = await list.getByText('שרה לוי', { exact: true }).evaluate((el) => getComputedStyle(el).direction);
  expect(rtl).toBe('rtl');
  await page.screenshot({ path: path.join(shots, 'scripts-client-list.png'), fullPage: true });

  const groups = new GroupsPage(page);
  const first = tomorrowInLondon();
  await groups.create({
    name: GROUP,
    facilitator: 'Dr Priya Raman',
    capacity: 12,
    weekdays: [first.weekday],
    startTime: '18:00',
    firstDate: first.date,
    sessions: 2,
  });
  for (const name of NAMES) await groups.addMember(name);
  const roster = page.getByRole('table', { name: /Current members/ });
  for (const name of NAMES) await expectBundled(page, roster.getByRole('rowheader', { name, exact: true }));
  await expectBundled(page, page.getByRole('heading', { name: GROUP, level: 2 }));
  await page.screenshot({ path: path.join(shots, 'scripts-roster.png'), fullPage: true });

  // The roster and one member's agreement, saved: every name prints, and no file name
  // carries a client's or the group's name (file names are not encrypted).
  await groups.useDefaultAgreement();
  await page.getByRole('button', { name: 'Save roster agreements as PDF' }).click();
  await expect(page.getByText(/^Saved as /)).toBeVisible();
  await page.getByRole('button', { name: `Save agreement PDF for ${NAMES[1]}` }).click();
  await expect.poll(() => app.savedFiles.length).toBe(2);
  for (const file of app.savedFiles) {
    const base = path.basename(file);
    expect(base).toMatch(/^(Group|Member) agreements? v1 \d{4}-\d{2}-\d{2}\.pdf$/);
    for (const name of [...NAMES, GROUP]) for (const word of name.split(' ')) expect(base).not.toContain(word);
  }
  await expect.poll(() => fs.existsSync(app.savedFiles[0]!)).toBe(true);
  const rosterText = execFileSync('pdftotext', ['-enc', 'UTF-8', app.savedFiles[0]!, '-'], { encoding: 'utf8' })
    .normalize('NFC')
    .replace(/[\u202A-\u202E]/g, '');
  for (const name of NAMES) expect(rosterText).toContain(name.normalize('NFC'));

  const calendar = new CalendarPage(page);
  await calendar.open();
  await calendar.goTo(first.date);
  // In the week shown (the weeks beside it are drawn ahead out of sight).
  const event = page.getByRole('group', { name: 'Appointments', exact: true }).locator('.event-name', { hasText: GROUP }).first();
  await expectBundled(page, event);
  await page.screenshot({ path: path.join(shots, 'scripts-calendar.png'), fullPage: true });
});

test('an arrow or a dot in the app’s own words loads one face, not every script’s symbols one after another', async () => {
  const { page } = app;
  await new VaultPage(page).setUp();
  const groups = new GroupsPage(page);
  const first = tomorrowInLondon();
  await groups.create({
    name: 'Tuesday circle',
    capacity: 8,
    weekdays: [first.weekday],
    startTime: '18:00',
    firstDate: first.date,
    sessions: 1,
  });
  // "← All groups" on the group's page: its arrow is drawn by a bundled face.
  const back = page.getByRole('button', { name: '← All groups' });
  await expectBundled(page, back);
  // Nothing on screen is written in Arabic, Gujarati or Georgian: no face of theirs was fetched
  // (their "math" and "symbols" faces claimed the arrow without holding it, and each arrived
  // only to lay the page out again).
  const fetched = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts]
      .filter((f) => f.status !== 'unloaded')
      .map((f) => `${f.family} ${f.weight} ${f.unicodeRange.slice(0, 20)}`);
  });
  expect(fetched.filter((face) => /Arabic|Gujarati|Georgian/.test(face))).toEqual([]);
  // Latin text and one face for the arrow: no walk through the other scripts' families.
  expect(fetched.filter((face) => !/^Noto Sans (SC )?\d/.test(face))).toEqual([]);
});
