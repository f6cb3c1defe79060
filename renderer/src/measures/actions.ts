/** The outcome measures' workflows (see notes/actions.ts). */
import type { Measure } from '../../../shared/records';
import type { Deps } from '../data/deps';

/** Records a completed questionnaire. */
export async function recordMeasure({ repos }: Deps, measure: Measure): Promise<void> {
  await repos.measures.save([measure], 'create');
}
