// @vitest-environment jsdom
/**
 * The error boundary (renderer/components/ErrorBoundary.tsx): what fails while
 * rendering, and what is reported from outside React (an editor's update, a
 * promise), shows the fallback of the nearest boundary only; the rest of the
 * tree stays as it was, and reset tries again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, createElement, useEffect, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { ErrorBoundary, useReportError } from '../../renderer/components/ErrorBoundary';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLElement;

function render(node: ReactNode): HTMLElement {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root!.render(node));
  return container;
}

afterEach(() => {
  act(() => root?.unmount());
  root = null;
  container.remove();
  vi.restoreAllMocks();
});

const el = createElement;
let failing = true;
function Fragile({ label }: { label: string }) {
  if (failing) throw new Error(`${label} broke`);
  return el('p', null, `${label} works`);
}

describe('ErrorBoundary', () => {
  it('shows the fallback of the part that failed, keeps its neighbours, and tries again on reset', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    failing = true;
    let reset: () => void = () => undefined;
    const page = render(
      el('div', null, [
        el(ErrorBoundary, { key: 'a', fallback: (error: Error, again: () => void) => ((reset = again), el('p', { role: 'alert' }, `fallback: ${error.message}`)) }, el(Fragile, { label: 'English' })),
        el('p', { key: 'b' }, 'Sorani works'),
      ]),
    );
    expect(page.textContent).toBe('fallback: English brokeSorani works');
    failing = false;
    act(() => reset());
    expect(page.textContent).toBe('English worksSorani works');
  });

  it('shows the fallback for an error reported from outside rendering (useReportError)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let report: (error: unknown) => void = () => undefined;
    function Editor() {
      const reportError = useReportError();
      useEffect(() => {
        report = reportError;
      }, [reportError]);
      return el('p', null, 'editing');
    }
    const page = render(el(ErrorBoundary, { fallback: (error: Error) => el('p', null, `fallback: ${error.message}`) }, el(Editor)));
    expect(page.textContent).toBe('editing');
    await act(async () => report(new Error('Lexical error #282')));
    expect(page.textContent).toBe('fallback: Lexical error #282');
  });
});
