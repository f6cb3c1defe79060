import { useEffect, useId, useRef, useState } from 'react';
import SignaturePad from 'signature_pad';

/**
 * On-screen signature capture: reports a PNG data URL (what the PDF renderer embeds) after
 * every stroke, or undefined once cleared.
 */
export function SignaturePadField({
  title,
  signerName,
  onChange,
}: {
  title: string;
  signerName: string;
  onChange: (dataUrl: string | undefined) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const changed = useRef(onChange);
  const [signed, setSigned] = useState(false);
  const helpId = useId();

  useEffect(() => {
    changed.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const instance = new SignaturePad(element, { penColor: '#1b2a4a', minWidth: 0.8, maxWidth: 2.4 });
    const onEnd = (): void => {
      const url = instance.isEmpty() ? '' : instance.toDataURL('image/png');
      // A canvas with no size gives "data:," — not a signature, so it never counts as one.
      const usable = url.startsWith('data:image/png;base64,');
      setSigned(usable);
      changed.current(usable ? url : undefined);
    };
    instance.addEventListener('endStroke', onEnd);
    pad.current = instance;
    // The canvas has no size until its dialog opens, and may change size later; each time, match the
    // backing store to the box at the screen's pixel ratio and replay the strokes so none are lost.
    const fit = (): void => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const width = Math.round(element.offsetWidth * ratio);
      const height = Math.round(element.offsetHeight * ratio);
      if (width === 0 || height === 0 || (width === element.width && height === element.height)) return;
      const strokes = instance.toData();
      element.width = width;
      element.height = height;
      element.getContext('2d')?.scale(ratio, ratio);
      instance.clear();
      instance.fromData(strokes);
    };
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.removeEventListener('endStroke', onEnd);
      instance.off();
      pad.current = null;
    };
  }, []);

  const clear = (): void => {
    pad.current?.clear();
    setSigned(false);
    changed.current(undefined);
  };

  return (
    <div className="signature-field">
      <div className="signature-heading">
        <span className="signature-title">{title}</span>
        <span className={signed ? 'badge ok' : 'badge'} aria-live="polite">
          {signed ? 'Signature captured' : 'Not signed yet'}
        </span>
      </div>
      <canvas
        ref={canvas}
        className="signature-canvas"
        role="img"
        aria-label={`Signature pad for ${signerName}. Draw with a mouse, pen or finger.`}
        aria-describedby={helpId}
      />
      <div className="signature-footer">
        <span id={helpId} className="muted">
          Sign inside the box. If drawing is not possible, print a copy to sign in ink instead.
        </span>
        <button type="button" onClick={clear} aria-label={`Clear ${title.toLowerCase()}`}>
          Clear
        </button>
      </div>
    </div>
  );
}
