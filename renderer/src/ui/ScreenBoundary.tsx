import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

interface Props {
  /** The screen's name, as the navigation shows it. */
  screen: string;
  children: ReactNode;
}

/**
 * Catches a screen that fails while drawing, so one bad record or a bug in one screen leaves
 * the navigation, the Lock button and the other screens working, with a message in place of a
 * blank window. Note editors save what they hold as they unmount, so nothing typed is lost. The
 * error itself is not shown or logged: its message could quote a record.
 */
export class ScreenBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(_error: unknown, _info: ErrorInfo): void {
    // Deliberately nothing: no client text may reach a log.
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <section className="view" aria-labelledby="screen-failed-title">
        <div className="card" role="alert">
          <h1 id="screen-failed-title">{this.props.screen} could not be shown</h1>
          <p>
            Something went wrong while drawing this screen. Your saved records are safe and the other screens still work. If you
            were writing a note, Holdspace tried to save it as a draft as the screen closed: open it from Notes to check.
          </p>
          <button type="button" className="primary" onClick={() => this.setState({ failed: false })}>
            Try {this.props.screen} again
          </button>
        </div>
      </section>
    );
  }
}
