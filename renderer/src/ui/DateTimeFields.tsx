/**
 * Date and time inputs that read and write the clinician's own format. Chromium's native
 * date and time inputs follow the browser's UI language, not Holdspace's setting (an en-GB
 * practice saw mm/dd/yyyy and am/pm), so these are text inputs that show and parse in the
 * display format (shared/locale) while the value stays "yyyy-mm-dd" or "HH:mm" for the code.
 *
 * Until the text is a valid date or time the value is "" (as a native input's is), so nothing
 * half-typed is ever saved; the reason shows when the field is left, and the text stays for
 * the clinician to correct.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { InputHTMLAttributes, KeyboardEvent, ReactNode } from 'react';
import {
  displayClockText,
  displayDateText,
  displayFormat,
  numericDatePattern,
  usesTwelveHourClock,
} from '../../../shared/locale/format';
import { parseDateText, parseTimeText } from '../../../shared/locale/parse';
import type { Parsed } from '../../../shared/locale/parse';

interface FieldProps {
  label: ReactNode;
  /** "yyyy-mm-dd" for a date, "HH:mm" for a time, or "" for none. */
  value: string;
  onChange: (value: string) => void;
  labelClassName?: string;
  className?: string;
  /** Earliest and latest allowed values, in the same form as `value`. */
  min?: string;
  max?: string;
  /** Said when the value is before `min` or after `max`. */
  rangeMessage?: string;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
  inputProps?: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'onKeyDown'>;
}

function TextField({ kind, props }: { kind: 'date' | 'time'; props: FieldProps }) {
  const { label, value, onChange, labelClassName, className, min, max, rangeMessage, onKeyDown, inputProps } = props;
  const show = kind === 'date' ? displayDateText : displayClockText;
  const parse: (text: string) => Parsed = kind === 'date' ? parseDateText : parseTimeText;
  const format = displayFormat();
  const [text, setText] = useState(() => (value ? show(value) : ''));
  const [error, setError] = useState('');
  const [touched, setTouched] = useState(false);
  const emitted = useRef(value);
  const errorId = useId();

  // A value set from outside (a slot clicked, a default end time) replaces the text.
  useEffect(() => {
    if (value === emitted.current) return;
    emitted.current = value;
    setText(value ? show(value) : '');
    setError('');
  }, [value, show]);
  // A new date format rewrites what is there in the new form.
  useEffect(() => {
    if (emitted.current) setText(show(emitted.current));
  }, [format.locale, format.hourCycle, show]);

  const check = (typed: string): { value: string; error: string } => {
    if (typed.trim() === '') return { value: '', error: '' };
    const parsed = parse(typed);
    if (!parsed.ok) return { value: '', error: parsed.message };
    if ((min && parsed.value < min) || (max && parsed.value > max)) {
      return {
        value: '',
        error:
          rangeMessage ?? `Choose ${kind === 'date' ? 'a date' : 'a time'} between ${show(min ?? '')} and ${show(max ?? '')}.`,
      };
    }
    return { value: parsed.value, error: '' };
  };

  const hint =
    kind === 'date' ? numericDatePattern().hint : usesTwelveHourClock() ? `e.g. ${displayClockText('14:30')}` : 'hh:mm';
  const shownError = touched ? error : '';
  return (
    <div className={className ? `date-field ${className}` : 'date-field'}>
      <label className={labelClassName}>
        {label}
        <input
          {...inputProps}
          type="text"
          inputMode={kind === 'date' ? 'numeric' : 'text'}
          autoComplete="off"
          spellCheck={false}
          placeholder={hint}
          value={text}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={
            [inputProps?.['aria-describedby'], shownError ? errorId : undefined].filter(Boolean).join(' ') || undefined
          }
          onChange={(e) => {
            const typed = e.target.value;
            setText(typed);
            const result = check(typed);
            setError(result.error);
            if (result.value !== emitted.current) {
              emitted.current = result.value;
              onChange(result.value);
            }
          }}
          onBlur={(e) => {
            setTouched(true);
            const result = check(text);
            setError(result.error);
            // Written back in the clinician's own form ("1/6/2026" → "01/06/2026", "930" → "09:30").
            if (result.value) setText(show(result.value));
            inputProps?.onBlur?.(e);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setTouched(true);
            onKeyDown?.(e);
          }}
        />
      </label>
      {shownError && (
        <p id={errorId} className="date-field-error" role="alert">
          {shownError}
        </p>
      )}
    </div>
  );
}

/** A date in the clinician's format ("01/06/2026" in en-GB, "06/01/2026" in en-US). */
export function DateField(props: FieldProps) {
  return <TextField kind="date" props={props} />;
}

/** A time on the clinician's clock ("09:00" or "9:00 AM"). */
export function TimeField(props: FieldProps) {
  return <TextField kind="time" props={props} />;
}
