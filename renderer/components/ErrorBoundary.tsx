import { Component, createContext, useContext, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../routing';

/**
 * A part of the window that fails (a screen, one version's editor) shows its
 * fallback, worded in the interface language, and everything around it keeps
 * working: without a boundary React unmounts the whole app and the window
 * goes blank until a reload (issue 18: one body node did that).
 *
 * React catches what throws while rendering and in effects. What fails
 * outside them (an editor's update, a promise) is handed over with
 * useReportError, and shows the same fallback.
 */

interface Props {
  fallback: (error: Error, reset: () => void) => ReactNode;
  children?: ReactNode;
}

interface State {
  error: Error | null;
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

const ReportContext = createContext<((error: unknown) => void) | null>(null);

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: asError(error) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('[qelem] a part of the window failed and shows its fallback:', error, info.componentStack);
  }

  private readonly report = (error: unknown) => {
    console.error('[qelem] a part of the window failed and shows its fallback:', error);
    this.setState({ error: asError(error) });
  };

  private readonly reset = () => this.setState({ error: null });

  override render(): ReactNode {
    if (this.state.error) return this.props.fallback(this.state.error, this.reset);
    return <ReportContext.Provider value={this.report}>{this.props.children}</ReportContext.Provider>;
  }
}

/** Shows the nearest boundary's fallback for an error React did not see itself; outside any boundary, logs it. */
export function useReportError(): (error: unknown) => void {
  return useContext(ReportContext) ?? ((error: unknown) => console.error('[qelem]', error));
}

/** A screen that could not be shown: says so, and offers to try again or go back to the library. */
export function ScreenFallback({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="screen-fallback">
      <div className="fallback-notice" role="alert">
        <h1>{t('boundary.screenTitle')}</h1>
        <p>{t('boundary.screenDetail')}</p>
      </div>
      <div className="fallback-actions">
        <button type="button" className="button-primary" onClick={() => navigate({ screen: 'library' })}>
          {t('boundary.library')}
        </button>
        <button type="button" onClick={onRetry}>
          {t('boundary.retry')}
        </button>
      </div>
      <details className="fallback-detail">
        <summary>{t('boundary.detail')}</summary>
        <pre dir="ltr" lang="en">
          {error.message}
        </pre>
      </details>
    </main>
  );
}
