/** A note draft ready to sign, for tests that save and sign one. */
import type { Note } from '../../../shared/records';

/** An individual SOAP draft for client-1, every section written, session at `sessionAt`. */
export const signableDraft = (sessionAt: number): Note => ({
  id: 'note-1',
  template: 'SOAP',
  clientId: 'client-1',
  sessionAt,
  durationMinutes: 50,
  sections: { subjective: 'Low mood.', objective: 'Flat affect.', assessment: 'Stable.', plan: 'Sleep diary.' },
  attendeeSections: {},
  interventions: ['CBT'],
  risk: { level: 'low', plan: '' },
  nextSteps: '',
  status: 'draft',
  addenda: [],
  createdAt: sessionAt,
  updatedAt: sessionAt,
});
