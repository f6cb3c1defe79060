import { format } from 'date-fns';

export function TodayScreen() {
  return (
    <section aria-labelledby="today-title" className="view">
      <header className="view-header">
        <h1 id="today-title">Today</h1>
        <p className="muted">{format(new Date(), 'EEEE d MMMM yyyy')}</p>
      </header>
      <div className="empty-state">
        <h2>Nothing scheduled yet</h2>
        <p>
          Your sessions, groups and notes will appear here. Everything you add is encrypted on this laptop and never leaves it.
        </p>
      </div>
    </section>
  );
}
