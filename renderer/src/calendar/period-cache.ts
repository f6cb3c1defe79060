/**
 * The calendar's read-ahead: periods (weeks, days, months) already read are kept, most recently
 * used last, up to `keep` of them, and the neighbours of the period on screen are read in the
 * background, so Previous and Next usually show the new period in the click's own frame.
 *
 * Each kept period remembers the data revision it was read at. Any change to the records bumps
 * the revision, so a period read before it is no longer current (`get` misses), but it is still
 * what `latest` gives: the grid keeps showing it while it is read again, rather than flashing empty.
 */
export interface Span {
  from: number;
  to: number;
}

const keyOf = (span: Span): string => `${span.from}:${span.to}`;

export class PeriodCache<P> {
  private readonly kept = new Map<string, { revision: number; period: P }>();

  constructor(
    private readonly load: (span: Span) => Promise<P>,
    private readonly keep = 8,
  ) {}

  /** The period as read at this revision, if it is kept. */
  get(revision: number, span: Span): P | undefined {
    const entry = this.kept.get(keyOf(span));
    return entry?.revision === revision ? entry.period : undefined;
  }

  /** The period as last read, at whatever revision. */
  latest(span: Span): P | undefined {
    return this.kept.get(keyOf(span))?.period;
  }

  /** The period at this revision: the one kept, or read now (and kept). */
  async read(revision: number, span: Span): Promise<P> {
    const hit = this.get(revision, span);
    if (hit !== undefined) {
      this.remember(revision, span, hit);
      return hit;
    }
    const period = await this.load(span);
    this.remember(revision, span, period);
    return period;
  }

  /**
   * Reads, in the background, the spans not yet kept at this revision; `onRead` hears of each
   * one read. Calling the returned function abandons what is still being read: it is neither
   * kept (it could push out the period on screen) nor reported.
   */
  readAhead(revision: number, spans: readonly Span[], onRead: (period: P) => void = () => undefined): () => void {
    let live = true;
    for (const span of spans) {
      if (this.get(revision, span) !== undefined) continue;
      this.load(span).then(
        (period) => {
          if (!live) return;
          this.remember(revision, span, period);
          onRead(period);
        },
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }

  private remember(revision: number, span: Span, period: P): void {
    const key = keyOf(span);
    const entry = this.kept.get(key);
    // A slow read from before a change never replaces what was read after it.
    if (entry && entry.revision > revision) return;
    this.kept.delete(key);
    this.kept.set(key, { revision, period });
    while (this.kept.size > this.keep) this.kept.delete(this.kept.keys().next().value!);
  }
}
