// Type declarations for the two small text libraries that ship without their own.

declare module 'bidi-js' {
  export interface EmbeddingLevels {
    paragraphs: Array<{ start: number; end: number; level: number }>;
    levels: Uint8Array;
  }
  export interface Bidi {
    getEmbeddingLevels(text: string, explicitDirection?: 'ltr' | 'rtl'): EmbeddingLevels;
    getReorderSegments(text: string, levels: EmbeddingLevels, start?: number, end?: number): Array<[number, number]>;
    getMirroredCharactersMap(text: string, levels: EmbeddingLevels, start?: number, end?: number): Map<number, string>;
  }
  export default function bidiFactory(): Bidi;
}

declare module 'linebreak' {
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): { position: number; required: boolean } | null;
  }
}

declare module 'fontkit' {
  /** A parsed font or collection; the fields Holdspace uses are typed where they are read. */
  export function create(buffer: Buffer | Uint8Array, postscriptName?: string): unknown;
}
