/**
 * The fonts names are drawn in, bundled with the app (the same Noto families the PDFs
 * embed), so a name looks the same on every clinician's laptop whatever fonts its
 * operating system has. Each @fontsource stylesheet declares its faces per
 * `unicode-range`, so Chromium downloads a file (from the app's own origin: the CSP allows
 * `font-src 'self'` only) only when a character on screen needs it: an English screen
 * loads the Latin face alone, and the first paint never waits for the others.
 */
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/600.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-hebrew/400.css';
import '@fontsource/noto-sans-hebrew/700.css';
import '@fontsource/noto-sans-devanagari/400.css';
import '@fontsource/noto-sans-devanagari/700.css';
import '@fontsource/noto-sans-bengali/400.css';
import '@fontsource/noto-sans-bengali/700.css';
import '@fontsource/noto-sans-tamil/400.css';
import '@fontsource/noto-sans-tamil/700.css';
import '@fontsource/noto-sans-thai/400.css';
import '@fontsource/noto-sans-thai/700.css';
import '@fontsource/noto-sans-gurmukhi/400.css';
import '@fontsource/noto-sans-gurmukhi/700.css';
import '@fontsource/noto-sans-oriya/400.css';
import '@fontsource/noto-sans-oriya/700.css';
import '@fontsource/noto-sans-telugu/400.css';
import '@fontsource/noto-sans-telugu/700.css';
import '@fontsource/noto-sans-kannada/400.css';
import '@fontsource/noto-sans-kannada/700.css';
import '@fontsource/noto-sans-malayalam/400.css';
import '@fontsource/noto-sans-malayalam/700.css';
import '@fontsource/noto-sans-sinhala/400.css';
import '@fontsource/noto-sans-sinhala/700.css';
import '@fontsource/noto-sans-ethiopic/400.css';
import '@fontsource/noto-sans-ethiopic/700.css';
import '@fontsource/noto-sans-armenian/400.css';
import '@fontsource/noto-sans-armenian/700.css';
import '@fontsource/noto-sans-khmer/400.css';
import '@fontsource/noto-sans-khmer/700.css';
import '@fontsource/noto-sans-lao/400.css';
import '@fontsource/noto-sans-lao/700.css';
import '@fontsource/noto-sans-myanmar/400.css';
import '@fontsource/noto-sans-myanmar/700.css';
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
// Hangul: Noto Sans SC draws Chinese and Japanese, not Korean.
import '@fontsource/noto-sans-kr/400.css';
import '@fontsource/noto-sans-kr/700.css';
import '@fontsource/noto-emoji/400.css';
import arabicRanges from '@fontsource/noto-sans-arabic/unicode.json';
import arabic400 from '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2?url';
import arabic700 from '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff2?url';
import gujaratiRanges from '@fontsource/noto-sans-gujarati/unicode.json';
import gujarati400 from '@fontsource/noto-sans-gujarati/files/noto-sans-gujarati-gujarati-400-normal.woff2?url';
import gujarati700 from '@fontsource/noto-sans-gujarati/files/noto-sans-gujarati-gujarati-700-normal.woff2?url';
import georgianRanges from '@fontsource/noto-sans-georgian/unicode.json';
import georgian400 from '@fontsource/noto-sans-georgian/files/noto-sans-georgian-georgian-400-normal.woff2?url';
import georgian700 from '@fontsource/noto-sans-georgian/files/noto-sans-georgian-georgian-700-normal.woff2?url';

/**
 * Noto Sans Arabic, Gujarati and Georgian are declared here, by their own script's face only.
 * Their @fontsource stylesheets also declare "math" and "symbols" faces whose unicode-range
 * claims arrows and shapes the UI draws (← on a group's page, ● and ○ beside a note's save
 * status) without holding those glyphs: Chromium then fetched six files one after another for
 * one arrow (Arabic's two, Gujarati's two, Georgian's two, each found without it) before Noto
 * Sans SC drew it, and every file that arrived laid the whole page out again (20–30 ms each
 * on a ten-year group's page). Their Latin, Greek and Cyrillic faces are left out too: Noto
 * Sans, first in the stack, covers those.
 */
const SCRIPT_FACES = [
  { family: 'Noto Sans Arabic', range: arabicRanges.arabic, files: { 400: arabic400, 700: arabic700 } },
  { family: 'Noto Sans Gujarati', range: gujaratiRanges.gujarati, files: { 400: gujarati400, 700: gujarati700 } },
  { family: 'Noto Sans Georgian', range: georgianRanges.georgian, files: { 400: georgian400, 700: georgian700 } },
];
for (const { family, range, files } of SCRIPT_FACES) {
  for (const [weight, url] of Object.entries(files)) {
    // Loaded, as the stylesheets' faces are, only once a character on screen needs it.
    document.fonts.add(
      new FontFace(family, `url("${url}") format('woff2')`, { weight, style: 'normal', display: 'swap', unicodeRange: range }),
    );
  }
}

/** The font stack for the whole UI, in fallback order (styles.css uses the same list). */
export const UI_FONT_FAMILIES = [
  'Noto Sans',
  'Noto Sans Hebrew',
  'Noto Sans Arabic',
  'Noto Sans Devanagari',
  'Noto Sans Bengali',
  'Noto Sans Tamil',
  'Noto Sans Thai',
  'Noto Sans Gurmukhi',
  'Noto Sans Gujarati',
  'Noto Sans Oriya',
  'Noto Sans Telugu',
  'Noto Sans Kannada',
  'Noto Sans Malayalam',
  'Noto Sans Sinhala',
  'Noto Sans Ethiopic',
  'Noto Sans Georgian',
  'Noto Sans Armenian',
  'Noto Sans Khmer',
  'Noto Sans Lao',
  'Noto Sans Myanmar',
  'Noto Sans SC',
  'Noto Sans KR',
  'Noto Emoji',
] as const;
