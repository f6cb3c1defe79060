import { describe, expect, it } from 'vitest';
import type { Measure, MeasureKind, Membership } from '../../shared/records';
import { UserFacingError } from '../../shared/result';
import { GAD7, INSTRUMENTS, PHQ9, PHQ9_DIFFICULTY, RESPONSE_OPTIONS } from '../../shared/measures/instruments';
import { clientTrend, groupAggregate, scoreMeasure } from '../../shared/measures/scoring';

/** Answers adding up to `total`, filled from question 1 so PHQ-9 question 9 stays 0 up to 24. */
function answersFor(kind: MeasureKind, total: number): number[] {
  const answers = Array<number>(INSTRUMENTS[kind].items.length).fill(0);
  let left = total;
  for (let i = 0; i < answers.length && left > 0; i += 1) {
    answers[i] = Math.min(3, left);
    left -= answers[i]!;
  }
  return answers;
}

describe('instruments', () => {
  it('has the published items, stem and answers', () => {
    expect(PHQ9.items).toHaveLength(9);
    expect(GAD7.items).toHaveLength(7);
    expect(PHQ9.stem).toBe('Over the last 2 weeks, how often have you been bothered by any of the following problems?');
    expect(PHQ9.items[0]).toBe('Little interest or pleasure in doing things');
    expect(PHQ9.items[8]).toBe('Thoughts that you would be better off dead or of hurting yourself in some way');
    expect(GAD7.items[0]).toBe('Feeling nervous, anxious or on edge');
    expect(GAD7.items[6]).toBe('Feeling afraid as if something awful might happen');
    expect(RESPONSE_OPTIONS.map((o) => [o.value, o.label])).toEqual([
      [0, 'Not at all'],
      [1, 'Several days'],
      [2, 'More than half the days'],
      [3, 'Nearly every day'],
    ]);
    expect(PHQ9_DIFFICULTY.options).toEqual([
      'Not difficult at all',
      'Somewhat difficult',
      'Very difficult',
      'Extremely difficult',
    ]);
    expect(PHQ9.maxTotal).toBe(PHQ9.items.length * 3);
    expect(GAD7.maxTotal).toBe(GAD7.items.length * 3);
  });
});

describe('scoreMeasure', () => {
  it.each([
    [0, 'minimal', 'Minimal'],
    [4, 'minimal', 'Minimal'],
    [5, 'mild', 'Mild'],
    [9, 'mild', 'Mild'],
    [10, 'moderate', 'Moderate'],
    [14, 'moderate', 'Moderate'],
    [15, 'moderately-severe', 'Moderately severe'],
    [19, 'moderately-severe', 'Moderately severe'],
    [20, 'severe', 'Severe'],
    [24, 'severe', 'Severe'],
  ])('PHQ-9 total %i is %s', (total, band, label) => {
    const score = scoreMeasure('PHQ-9', answersFor('PHQ-9', total));
    expect(score).toEqual({ kind: 'PHQ-9', total, band, bandLabel: label, riskPrompt: false, riskPromptText: null });
  });

  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ])('GAD-7 total %i is %s', (total, band) => {
    const score = scoreMeasure('GAD-7', answersFor('GAD-7', total));
    expect(score.total).toBe(total);
    expect(score.band).toBe(band);
    expect(score.riskPrompt).toBe(false);
  });

  it('prompts the clinician about risk when PHQ-9 question 9 is above "Not at all"', () => {
    const score = scoreMeasure('PHQ-9', [0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(score.total).toBe(1);
    expect(score.band).toBe('minimal');
    expect(score.riskPrompt).toBe(true);
    expect(score.riskPromptText).toContain('“Several days”');
    expect(score.riskPromptText).toContain('risk assessment');
    expect(scoreMeasure('PHQ-9', Array(9).fill(3))).toMatchObject({ total: 27, band: 'severe', riskPrompt: true });
    expect(scoreMeasure('PHQ-9', [3, 3, 3, 3, 3, 3, 3, 3, 0]).riskPrompt).toBe(false);
    // GAD-7 has no self-harm question; a 3 in its last place is not a risk prompt.
    expect(scoreMeasure('GAD-7', [0, 0, 0, 0, 0, 0, 3]).riskPrompt).toBe(false);
  });

  it.each([
    ['PHQ-9', 8],
    ['PHQ-9', 10],
    ['PHQ-9', 7],
    ['GAD-7', 6],
    ['GAD-7', 9],
    ['GAD-7', 0],
  ] as const)('rejects a %s with %i answers', (kind, count) => {
    expect(() => scoreMeasure(kind, Array(count).fill(1))).toThrow(
      `The ${kind} has ${kind === 'PHQ-9' ? 9 : 7} questions, but ${count}`,
    );
  });

  it.each([4, -1, 1.5, Number.NaN])('rejects the answer %s with a clear message', (bad) => {
    const answers = [0, 0, bad, 0, 0, 0, 0];
    let thrown: unknown;
    try {
      scoreMeasure('GAD-7', answers);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserFacingError);
    expect((thrown as UserFacingError).code).toBe('INVALID_INPUT');
    expect((thrown as UserFacingError).message).toContain(
      'Question 3 of the GAD-7 needs an answer from 0 (Not at all) to 3 (Nearly every day)',
    );
  });
});

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 10);
let seq = 0;
function measure(clientId: string, kind: MeasureKind, day: number, total: number): Measure {
  seq += 1;
  return {
    id: `m${String(seq).padStart(3, '0')}`,
    clientId,
    kind,
    takenAt: T0 + day * DAY,
    items: answersFor(kind, total),
    createdAt: 0,
    updatedAt: 0,
  };
}

describe('clientTrend', () => {
  it('orders the points, measures the change since the first score and describes it', () => {
    const measures = [
      measure('c1', 'PHQ-9', 28, 12),
      measure('c1', 'PHQ-9', 0, 18),
      measure('c1', 'GAD-7', 3, 15),
      measure('c1', 'PHQ-9', 56, 9),
    ];
    const trend = clientTrend(measures, 'PHQ-9', 'Europe/London');
    expect(trend.points.map((p) => p.total)).toEqual([18, 12, 9]);
    expect(trend.points.map((p) => p.band)).toEqual(['moderately-severe', 'moderate', 'mild']);
    expect(trend.changeSinceFirst).toBe(-9);
    expect(trend.summary).toBe(
      'PHQ-9 (depression, lower is better): 3 scores from 5 January 2026 to 2 March 2026. First 18 (moderately severe), latest 9 (mild): down 9 points.',
    );
  });

  it('describes a single score, no scores, and leaves out records that cannot be scored', () => {
    expect(clientTrend([], 'GAD-7').summary).toBe('No GAD-7 scores recorded yet.');
    const one = clientTrend([measure('c1', 'GAD-7', 0, 7)], 'GAD-7', 'Europe/London');
    expect(one.changeSinceFirst).toBeNull();
    expect(one.summary).toBe('GAD-7 (anxiety, lower is better): one score, 7 (mild), on 5 January 2026.');
    const broken = { ...measure('c1', 'GAD-7', 10, 3), items: [1, 1] };
    const up = clientTrend([measure('c1', 'GAD-7', 0, 5), broken, measure('c1', 'GAD-7', 20, 6)], 'GAD-7', 'Europe/London');
    expect(up.points).toHaveLength(2);
    expect(up.skipped).toBe(1);
    expect(up.changeSinceFirst).toBe(1);
    expect(up.summary).toContain('up 1 point.');
    expect(up.summary).toContain('1 incomplete record was left out.');
  });

  it('refuses to mix two clients in one trend', () => {
    expect(() => clientTrend([measure('c1', 'PHQ-9', 0, 5), measure('c2', 'PHQ-9', 1, 5)], 'PHQ-9')).toThrow(/one client/);
  });
});

describe('groupAggregate', () => {
  const JOIN = T0 + 10 * DAY;
  const member = (
    clientId: string,
    status: Membership['status'] = 'member',
    joinedAt: number | undefined = JOIN,
    leftAt?: number,
  ): Membership => ({
    id: `mem-${clientId}-${joinedAt}`,
    groupId: 'g1',
    clientId,
    status,
    joinedAt,
    leftAt,
    createdAt: 0,
    updatedAt: 0,
  });

  const byClient: Record<string, Measure[]> = {
    // Before joining 25, then 20 → 14: change −6 (the pre-joining score is ignored).
    ana: [measure('ana', 'PHQ-9', 0, 25), measure('ana', 'PHQ-9', 10, 20), measure('ana', 'PHQ-9', 40, 14)],
    ben: [measure('ben', 'PHQ-9', 12, 10), measure('ben', 'PHQ-9', 30, 12), measure('ben', 'PHQ-9', 60, 7)], // −3
    cai: [measure('cai', 'PHQ-9', 15, 16), measure('cai', 'PHQ-9', 45, 16)], // 0
    dee: [measure('dee', 'PHQ-9', 0, 20), measure('dee', 'PHQ-9', 20, 18)], // one score since joining: not counted
    eve: [measure('eve', 'GAD-7', 12, 10), measure('eve', 'GAD-7', 40, 5)], // other questionnaire
    wai: [measure('wai', 'PHQ-9', 12, 20), measure('wai', 'PHQ-9', 40, 2)], // waitlisted
  };
  const memberships = ['ana', 'ben', 'cai', 'dee', 'eve'].map((c) => member(c)).concat(member('wai', 'waitlisted', undefined));

  it('gives the mean change since joining with no per-client data', () => {
    const result = groupAggregate(byClient, memberships, 'g1', 'PHQ-9');
    expect(result.reason).toBeNull();
    expect(result.aggregate).toEqual({
      groupId: 'g1',
      kind: 'PHQ-9',
      contributors: 3,
      meanChange: -3,
      summary: 'PHQ-9 across 3 members with two or more scores since joining: down 3 points on average (lower is better).',
    });
    const text = JSON.stringify(result);
    for (const clientId of Object.keys(byClient)) expect(text).not.toContain(clientId);
    for (const m of Object.values(byClient).flat()) expect(text).not.toContain(m.id);
  });

  it('accepts a Map and counts only scores taken while a former member was in the group', () => {
    const leftAt = T0 + 50 * DAY;
    const withLeaver = memberships.concat(member('fay', 'left', JOIN, leftAt));
    const map = new Map(
      Object.entries({
        ...byClient,
        fay: [measure('fay', 'PHQ-9', 11, 9), measure('fay', 'PHQ-9', 49, 6), measure('fay', 'PHQ-9', 70, 20)],
      }),
    );
    const result = groupAggregate(map, withLeaver, 'g1', 'PHQ-9');
    // (−6 − 3 + 0 − 3) / 4 = −3
    expect(result.aggregate).toMatchObject({ contributors: 4, meanChange: -3 });
  });

  it('hides the aggregate when fewer than 3 members contribute', () => {
    const result = groupAggregate(
      byClient,
      memberships.filter((m) => m.clientId !== 'cai'),
      'g1',
      'PHQ-9',
    );
    expect(result.aggregate).toBeNull();
    expect(result.reason).toBe(
      'Fewer than 3 members have two or more PHQ-9 scores since joining, so the group figure is hidden to protect their privacy.',
    );
    expect(groupAggregate(byClient, memberships, 'g1', 'GAD-7').aggregate).toBeNull();
    expect(groupAggregate(byClient, memberships, 'other-group', 'PHQ-9').aggregate).toBeNull();
  });

  it('rounds the mean to one decimal place', () => {
    const extra = { ...byClient, dee: [...byClient.dee!, measure('dee', 'PHQ-9', 50, 17)] }; // dee: 18 → 17, −1
    // (−6 − 3 + 0 − 1) / 4 = −2.5
    expect(groupAggregate(extra, memberships, 'g1', 'PHQ-9').aggregate?.meanChange).toBe(-2.5);
    const cai2 = { ...byClient, cai: [measure('cai', 'PHQ-9', 15, 16), measure('cai', 'PHQ-9', 45, 17)] }; // +1
    // (−6 − 3 + 1) / 3 = −2.666… → −2.7
    expect(groupAggregate(cai2, memberships, 'g1', 'PHQ-9').aggregate?.meanChange).toBe(-2.7);
  });
});
