import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { localDateToInstant } from '../../../shared/balance/dashboard';
import { localDateKey } from '../../../shared/balance/zone';
import { newId } from '../../../shared/ids';
import { INSTRUMENTS, RESPONSE_OPTIONS } from '../../../shared/measures/instruments';
import { scoreMeasure } from '../../../shared/measures/scoring';
import type { Measure, MeasureKind } from '../../../shared/records';
import { messageOf } from '../app/api';
import { useSession } from '../app/session';
import { appDeps } from '../data/deps';
import { recordMeasure } from './actions';
import { ErrorAlert } from '../ui/ErrorAlert';
import { DateField } from '../ui/DateTimeFields';

type Answers = (number | undefined)[];

/**
 * Item-by-item entry of one questionnaire. The total, band and risk prompt update as answers are
 * given, so the clinician sees a positive item 9 while the client is still in the room, not
 * after saving.
 */
export function MeasureForm({
  clientId,
  kind,
  onDone,
}: {
  clientId: string;
  kind: MeasureKind;
  onDone: (message: string) => void;
}) {
  const { settings, bump } = useSession();
  const zone = settings.timeZone;
  const instrument = INSTRUMENTS[kind];
  const formId = useId();
  const [answers, setAnswers] = useState<Answers>(() => instrument.items.map(() => undefined));
  const [takenOn, setTakenOn] = useState(() => localDateKey(Date.now(), zone));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const answered = answers.filter((a) => a !== undefined).length;
  const complete = answered === instrument.items.length;
  // Unanswered items count as 0 only to ask the shared scorer about item 9; the total waits for every answer.
  const provisional = scoreMeasure(
    kind,
    answers.map((a) => a ?? 0),
  );
  const score = complete ? provisional : null;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!complete) {
      const missing = answers.flatMap((a, i) => (a === undefined ? [i + 1] : []));
      setError(
        `Answer every question before saving. Still to answer: ${missing.length === 1 ? 'question' : 'questions'} ${missing.join(', ')}.`,
      );
      return;
    }
    const day = localDateToInstant(takenOn, zone);
    if (day === null) {
      setError('Enter the date the questionnaire was completed.');
      return;
    }
    const now = Date.now();
    // A questionnaire completed today keeps its time, so two in one day stay in order.
    const takenAt = takenOn === localDateKey(now, zone) ? now : day;
    const measure: Measure = { id: newId(), clientId, kind, takenAt, items: answers as number[], createdAt: now, updatedAt: now };
    setBusy(true);
    try {
      await recordMeasure(appDeps(), measure);
      bump();
      onDone(`${kind} saved: ${provisional.total} of ${instrument.maxTotal}, ${provisional.bandLabel.toLowerCase()}.`);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <form className="measure-form" aria-labelledby={`${formId}-title`} onSubmit={(e) => void submit(e)} noValidate>
      <div className="measure-form-head">
        <div>
          <h4 id={`${formId}-title`}>{instrument.title}</h4>
          <p className="muted">{instrument.stem}</p>
        </div>
        <DateField
          label="Date completed"
          value={takenOn}
          labelClassName="measure-date"
          max={localDateKey(Date.now(), zone)}
          rangeMessage="The date cannot be in the future."
          onChange={(v) => setTakenOn(v)}
        />
      </div>
      <ol className="measure-items">
        {instrument.items.map((text, index) => {
          const legendId = `${formId}-item-${index}`;
          return (
            <li key={text}>
              <fieldset role="radiogroup" aria-labelledby={legendId} className="measure-item">
                <legend id={legendId}>
                  <span className="item-number">{index + 1}.</span> {text}
                </legend>
                <div className="measure-options">
                  {RESPONSE_OPTIONS.map((option) => (
                    <label key={option.value} className="measure-option">
                      <input
                        type="radio"
                        name={`${formId}-item-${index}`}
                        value={option.value}
                        checked={answers[index] === option.value}
                        onChange={() => setAnswers((current) => current.map((a, i) => (i === index ? option.value : a)))}
                      />
                      <span className="option-score" aria-hidden="true">
                        {option.value}
                      </span>
                      {option.label}
                    </label>
                  ))}
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {provisional.riskPromptText && (
        <div role="alert" className="risk-prompt">
          <strong>Risk item answered</strong>
          <p>{provisional.riskPromptText}</p>
        </div>
      )}
      <div className="measure-total" aria-live="polite">
        {score ? (
          <>
            <span className="measure-total-value">
              Total {score.total} <span className="muted">of {instrument.maxTotal}</span>
            </span>
            <span className={`band band-${score.band}`}>{score.bandLabel}</span>
          </>
        ) : (
          <span className="muted">
            {answered} of {instrument.items.length} questions answered
          </span>
        )}
      </div>
      <ErrorAlert message={error} />
      <div className="actions">
        <button type="button" onClick={() => onDone('')}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : `Save ${kind}`}
        </button>
      </div>
    </form>
  );
}
