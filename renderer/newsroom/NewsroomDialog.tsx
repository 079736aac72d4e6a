import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import { describeError } from '../i18n/errors';
import { useNewsroom } from './context';
import { describeNewsroom, NEWSROOM_EXAMPLE, PLAIN_SCHEME, TOKEN_PREFIX } from './describe';

/**
 * Newsroom settings: the server's address and the token, Connect, and what
 * the connection is doing, in words. The token field is never filled from
 * what is kept (the main process never hands it back): left empty, the kept
 * one goes on being used.
 */
export function NewsroomDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { status, set } = useNewsroom();
  const ref = useRef<HTMLDialogElement>(null);
  const [url, setUrl] = useState(status?.url ?? '');
  const [token, setToken] = useState('');
  const [allowUnencrypted, setAllowUnencrypted] = useState(status?.allowUnencrypted ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { server: useId(), serverHint: useId(), token: useId(), tokenHint: useId(), unencryptedHint: useId() };

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const keptToken = status !== null && status.url !== null && status.state !== 'refused' && url.trim() !== '' && url.trim().replace(/\/+$/, '') === status.url;

  const connect = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      set(await api.connectNewsroom({ url: url.trim(), ...(token.trim() ? { token: token.trim() } : {}), allowUnencrypted }));
      setToken('');
    } catch (caught) {
      setError(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  };

  const disconnect = async () => {
    setBusy(true);
    setError(null);
    try {
      set(await api.disconnectNewsroom({}));
      setToken('');
    } catch (caught) {
      setError(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  };

  const lines = status ? describeNewsroom(t, status) : [t('app.loading')];

  return (
    <dialog ref={ref} className="dialog newsroom-dialog" aria-labelledby="newsroom-title" onClose={(event) => event.target === event.currentTarget && onClose()}>
      <h2 id="newsroom-title">{t('newsroom.title')}</h2>
      <p className="newsroom-intro">{t('newsroom.intro')}</p>
      <form onSubmit={(event) => void connect(event)}>
        <label className="field" htmlFor={ids.server}>
          <span>{t('newsroom.server')}</span>
        </label>
        <input
          id={ids.server}
          type="text"
          inputMode="url"
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          required
          value={url}
          aria-describedby={ids.serverHint}
          onChange={(event) => setUrl(event.target.value)}
        />
        <p className="field-hint" id={ids.serverHint}>
          {t('newsroom.serverHint', { example: `\u2068${NEWSROOM_EXAMPLE}\u2069` })}
        </p>
        <label className="field" htmlFor={ids.token}>
          <span>{t('newsroom.token')}</span>
        </label>
        <input
          id={ids.token}
          // A textbox whose characters are masked (not type=password: no password manager offers to keep it).
          type="text"
          className="masked"
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          required={!keptToken}
          value={token}
          aria-describedby={ids.tokenHint}
          onChange={(event) => setToken(event.target.value)}
        />
        <p className="field-hint" id={ids.tokenHint}>
          {keptToken ? t('newsroom.tokenKept') : t('newsroom.tokenHint', { prefix: `\u2068${TOKEN_PREFIX}\u2069` })}
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={allowUnencrypted} aria-describedby={ids.unencryptedHint} onChange={(event) => setAllowUnencrypted(event.target.checked)} />
          <span>{t('newsroom.unencrypted', { plain: `\u2068${PLAIN_SCHEME}\u2069` })}</span>
        </label>
        <p className="field-hint" id={ids.unencryptedHint}>
          {t('newsroom.unencryptedHint')}
        </p>
        <div className={`newsroom-status newsroom-${status?.state ?? 'off'}`} role="status" aria-live="polite">
          {busy ? <p>{t('newsroom.connecting')}</p> : lines.map((line) => <p key={line}>{line}</p>)}
          {error && <p className="error">{error}</p>}
        </div>
        <div className="dialog-actions">
          {status && status.state !== 'off' && (
            <button type="button" className="button-danger" disabled={busy} title={t('newsroom.disconnectHint')} onClick={() => void disconnect()}>
              {t('newsroom.disconnect')}
            </button>
          )}
          <button type="button" onClick={() => ref.current?.close()}>
            {t('newsroom.close')}
          </button>
          <button type="submit" className="button-primary" disabled={busy}>
            {t('newsroom.connect')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
