/**
 * Signature images: checks a PNG data URL from the signature pad and turns it into a PNG
 * pdfkit can embed synchronously.
 *
 * Why not hand the PNG straight to pdfkit: for images with an alpha channel (every
 * signature-pad PNG) pdfkit decodes pixels with the asynchronous `zlib.inflate`, and
 * (a) a corrupt image then throws inside a zlib callback, an uncaught exception that
 * would take down the main process, and (b) the soft-mask objects are numbered in
 * whatever order the thread pool finishes, so the same input could give different bytes.
 * So the image is decoded here with `inflateSync`, composited onto white, and re-encoded
 * as an 8-bit RGB PNG without alpha, which pdfkit embeds as-is, in order.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { PdfInputError } from './document';

/** A signature that is not a usable PNG; the message names whose signature it is. */
export class SignatureImageError extends PdfInputError {
  override readonly name = 'SignatureImageError';
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DATA_URL = /^data:image\/png;base64,([A-Za-z0-9+/]*={0,2})$/;
/** A signature pad canvas is at most a few thousand pixels each way. */
const MAX_SIDE = 5000;

export interface DecodedPng {
  width: number;
  height: number;
  /** A PNG (8-bit RGB, no alpha, not interlaced) ready for pdfkit. */
  png: Buffer;
}

/** True when the string looks like a PNG data URL (cheap check for schemas). */
export function isPngDataUrl(value: string): boolean {
  return DATA_URL.test(value.trim());
}

/**
 * Decode a PNG data URL into a flattened PNG. Throws SignatureImageError, whose message
 * says what is wrong in plain words, prefixed with `what` (e.g. "Zoë's signature").
 */
export function decodeSignaturePng(dataUrl: string, what: string): DecodedPng {
  const match = DATA_URL.exec(dataUrl.trim());
  if (!match) {
    throw new SignatureImageError(
      `${what} is not a saved signature image (expected a PNG image from the signature pad). Please capture the signature again.`,
    );
  }
  const bytes = Buffer.from(match[1]!, 'base64');
  try {
    return flatten(bytes);
  } catch (error) {
    const reason = error instanceof PngFormatError ? error.message : 'the image data is damaged';
    throw new SignatureImageError(`${what} could not be read: ${reason}. Please capture the signature again.`);
  }
}

class PngFormatError extends Error {}

function flatten(bytes: Buffer): DecodedPng {
  if (bytes.length < PNG_MAGIC.length + 25 || !bytes.subarray(0, 8).equals(PNG_MAGIC)) {
    throw new PngFormatError('it is not a PNG image');
  }
  let offset = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | undefined;
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const start = offset + 8;
    const end = start + length;
    if (end + 4 > bytes.length) throw new PngFormatError('the image is cut short');
    const data = bytes.subarray(start, end);
    if (!header && type !== 'IHDR') throw new PngFormatError('the image header is missing');
    if (type === 'IHDR') {
      if (length !== 13) throw new PngFormatError('the image header is damaged');
      header = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        depth: data[8]!,
        colour: data[9]!,
        interlace: data[12]!,
      };
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') transparency = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    offset = end + 4; // skip CRC
  }
  if (!header) throw new PngFormatError('the image header is missing');
  if (!ended || idat.length === 0) throw new PngFormatError('the image is cut short');
  const { width, height, depth, colour, interlace } = header;
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
    throw new PngFormatError(`the image is ${width}×${height} pixels, outside the expected size`);
  }
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colour];
  if (channels === undefined) throw new PngFormatError('the image has an unknown colour format');
  if (depth !== 8 || interlace !== 0) {
    throw new PngFormatError(
      'the image uses a PNG format the signature pad does not produce (only 8-bit, non-interlaced images are accepted)',
    );
  }
  if (colour === 3 && !palette) throw new PngFormatError('the image palette is missing');

  const stride = width * channels;
  // What the header's size needs: inflating stops there, so a small file whose data inflates to
  // gigabytes (a decompression bomb) is refused at once instead of holding up the main process.
  const expected = height * (stride + 1);
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
      throw new PngFormatError('the image data is larger than its size says');
    throw new PngFormatError('the image data is damaged');
  }
  if (raw.length > expected) throw new PngFormatError('the image data is larger than its size says');
  if (raw.length < expected) throw new PngFormatError('the image data is cut short');

  unfilter(raw, width, height, channels);

  // Composite onto white paper as RGB, each output row with filter byte 0 (none).
  const outStride = width * 3 + 1;
  const out = Buffer.alloc(height * outStride);
  const trnsGray = colour === 0 && transparency && transparency.length >= 2 ? transparency.readUInt16BE(0) : -1;
  const trnsRgb =
    colour === 2 && transparency && transparency.length >= 6
      ? [transparency.readUInt16BE(0), transparency.readUInt16BE(2), transparency.readUInt16BE(4)]
      : undefined;
  for (let y = 0; y < height; y++) {
    let i = y * (stride + 1) + 1;
    let o = y * outStride + 1;
    for (let px = 0; px < width; px++, i += channels, o += 3) {
      let r: number, g: number, b: number, alpha: number;
      switch (colour) {
        case 6:
          alpha = raw[i + 3]!;
          if (alpha === 0) {
            out[o] = out[o + 1] = out[o + 2] = 255;
            continue;
          }
          r = raw[i]!;
          g = raw[i + 1]!;
          b = raw[i + 2]!;
          break;
        case 4:
          alpha = raw[i + 1]!;
          r = g = b = raw[i]!;
          break;
        case 2:
          r = raw[i]!;
          g = raw[i + 1]!;
          b = raw[i + 2]!;
          alpha = trnsRgb && trnsRgb[0] === r && trnsRgb[1] === g && trnsRgb[2] === b ? 0 : 255;
          break;
        case 3: {
          const index = raw[i]!;
          if (index * 3 + 2 >= palette!.length) throw new PngFormatError('the image palette is damaged');
          r = palette![index * 3]!;
          g = palette![index * 3 + 1]!;
          b = palette![index * 3 + 2]!;
          alpha = transparency && index < transparency.length ? transparency[index]! : 255;
          break;
        }
        default:
          r = g = b = raw[i]!;
          alpha = trnsGray === r ? 0 : 255;
      }
      if (alpha === 255) {
        out[o] = r;
        out[o + 1] = g;
        out[o + 2] = b;
      } else {
        const t = 255 - alpha;
        out[o] = r + ((((255 - r) * t + 127) / 255) | 0);
        out[o + 1] = g + ((((255 - g) * t + 127) / 255) | 0);
        out[o + 2] = b + ((((255 - b) * t + 127) / 255) | 0);
      }
    }
  }
  return { width, height, png: encodeRgbPng(width, height, deflateSync(out, { level: 6 })) };
}

/** Undo PNG row filters in place (8-bit samples; `bpp` bytes per pixel). */
function unfilter(raw: Buffer, width: number, height: number, bpp: number): void {
  const stride = width * bpp;
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    const filter = raw[row]!;
    const cur = row + 1;
    const prev = cur - (stride + 1); // previous row's first byte (invalid when y === 0)
    switch (filter) {
      case 0:
        break;
      case 1:
        for (let i = bpp; i < stride; i++) raw[cur + i] = (raw[cur + i]! + raw[cur + i - bpp]!) & 0xff;
        break;
      case 2:
        if (y > 0) for (let i = 0; i < stride; i++) raw[cur + i] = (raw[cur + i]! + raw[prev + i]!) & 0xff;
        break;
      case 3:
        for (let i = 0; i < stride; i++) {
          const a = i >= bpp ? raw[cur + i - bpp]! : 0;
          const b = y > 0 ? raw[prev + i]! : 0;
          raw[cur + i] = (raw[cur + i]! + ((a + b) >> 1)) & 0xff;
        }
        break;
      case 4:
        for (let i = 0; i < stride; i++) {
          const a = i >= bpp ? raw[cur + i - bpp]! : 0;
          const b = y > 0 ? raw[prev + i]! : 0;
          const c = i >= bpp && y > 0 ? raw[prev + i - bpp]! : 0;
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          raw[cur + i] = (raw[cur + i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
        }
        break;
      default:
        throw new PngFormatError('the image data is damaged');
    }
  }
}

function encodeRgbPng(width: number, height: number, idat: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([PNG_MAGIC, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
