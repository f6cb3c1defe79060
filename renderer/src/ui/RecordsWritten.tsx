/** A restore's progress while it writes the backup's records: a bar, and the same in words. */
export function RecordsWritten({ done, total }: { done: number; total: number }) {
  const text = `${done} of ${total} records written`;
  return (
    <div className="records-written">
      <progress aria-label="Records written" max={Math.max(1, total)} value={done} aria-valuetext={text} />
      <span className="muted small">{text}</span>
    </div>
  );
}
