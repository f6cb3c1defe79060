/**
 * The wording of the PHQ-9 and GAD-7 (Spitzer, Williams, Kroenke and colleagues; developed with an
 * educational grant from Pfizer and free to reproduce, translate, display or distribute). The
 * wording is kept verbatim because the published cut-offs are only valid for the published items.
 */
import type { MeasureKind } from '../records';

export interface ResponseOption {
  value: 0 | 1 | 2 | 3;
  label: string;
}

/** The same four answers for every item of both questionnaires. */
export const RESPONSE_OPTIONS: readonly ResponseOption[] = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
];

export interface Instrument {
  kind: MeasureKind;
  title: string;
  /** What the questionnaire measures, for the clinician choosing one. */
  measures: string;
  stem: string;
  items: readonly string[];
  maxTotal: number;
}

export const PHQ9_STEM = 'Over the last 2 weeks, how often have you been bothered by any of the following problems?';
/** The GAD-7 form says "the following problems" without "any of". */
export const GAD7_STEM = 'Over the last 2 weeks, how often have you been bothered by the following problems?';

export const PHQ9: Instrument = {
  kind: 'PHQ-9',
  title: 'Patient Health Questionnaire (PHQ-9)',
  measures: 'Depression',
  stem: PHQ9_STEM,
  items: [
    'Little interest or pleasure in doing things',
    'Feeling down, depressed, or hopeless',
    'Trouble falling or staying asleep, or sleeping too much',
    'Feeling tired or having little energy',
    'Poor appetite or overeating',
    'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
    'Trouble concentrating on things, such as reading the newspaper or watching television',
    'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
    'Thoughts that you would be better off dead or of hurting yourself in some way',
  ],
  maxTotal: 27,
};

/** Zero-based index of PHQ-9 item 9, the item about thoughts of death or self-harm. */
export const PHQ9_SELF_HARM_ITEM_INDEX = 8;

/**
 * PHQ-9's optional last question. It is not part of the total; it records how much the problems
 * get in the way of daily life.
 */
export const PHQ9_DIFFICULTY = {
  question:
    'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
  options: ['Not difficult at all', 'Somewhat difficult', 'Very difficult', 'Extremely difficult'] as const,
} as const;
export type Phq9Difficulty = (typeof PHQ9_DIFFICULTY.options)[number];

export const GAD7: Instrument = {
  kind: 'GAD-7',
  title: 'Generalised Anxiety Disorder Assessment (GAD-7)',
  measures: 'Anxiety',
  stem: GAD7_STEM,
  items: [
    'Feeling nervous, anxious or on edge',
    'Not being able to stop or control worrying',
    'Worrying too much about different things',
    'Trouble relaxing',
    'Being so restless that it is hard to sit still',
    'Becoming easily annoyed or irritable',
    'Feeling afraid as if something awful might happen',
  ],
  maxTotal: 21,
};

export const INSTRUMENTS: Readonly<Record<MeasureKind, Instrument>> = { 'PHQ-9': PHQ9, 'GAD-7': GAD7 };
