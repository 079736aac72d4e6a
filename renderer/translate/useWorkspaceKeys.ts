import { useEffect, useRef } from 'react';
import { flushSync } from 'react-dom';
import { workspaceAction, type WorkspaceAction } from './workspace-keys';

/**
 * The workspace's shortcuts (workspace-keys.ts), listened for on the window
 * before anything else: they work wherever the focus is (a click on a cell's
 * margin leaves it on the page), and Ctrl+Enter never reaches the editor (it
 * must not also split the paragraph). A dialog (the conflict) has the
 * keyboard to itself. Each key is handled synchronously rendered, so the next
 * one already meets the row this one moved to.
 */
export function useWorkspaceKeys(onAction: (action: WorkspaceAction) => void): void {
  const handler = useRef(onAction);
  useEffect(() => {
    handler.current = onAction;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const action = workspaceAction(event);
      if (!action) return;
      event.preventDefault();
      event.stopPropagation();
      handler.current(action);
    };
    const listener = (event: KeyboardEvent) => flushSync(() => onKeyDown(event));
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, []);
}
