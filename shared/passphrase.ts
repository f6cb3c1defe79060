import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

export const MIN_PASSPHRASE_LENGTH = 12;
/** zxcvbn's 0-4 score; 3 means "safely unguessable" against an offline attack on a slow hash. */
export const MIN_PASSPHRASE_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
const getEstimator = (): ZxcvbnFactory =>
  (estimator ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  }));

export interface PassphraseAssessment {
  acceptable: boolean;
  /** 0 (very weak) to 4 (very strong). */
  score: number;
  label: 'Very weak' | 'Weak' | 'Fair' | 'Strong' | 'Very strong';
  /** Why it is refused, in plain words; empty when acceptable. */
  reason: string;
  suggestions: string[];
}

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

export async function assessPassphrase(passphrase: string): Promise<PassphraseAssessment> {
  const result = await getEstimator().check(passphrase.slice(0, 256));
  const score = result.score;
  let reason = '';
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    reason = `Use at least ${MIN_PASSPHRASE_LENGTH} characters. A few unrelated words work well.`;
  } else if (score < MIN_PASSPHRASE_SCORE) {
    reason = result.feedback.warning
      ? `${result.feedback.warning} Choose something harder to guess.`
      : 'This passphrase would be too easy to guess. Add more uncommon words.';
  }
  return {
    acceptable: reason === '',
    score,
    label: LABELS[score] ?? 'Very weak',
    reason,
    suggestions: result.feedback.suggestions,
  };
}
