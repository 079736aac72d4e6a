import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BACKUP_KEEP, type BackupInfo } from '../../shared/api';
import { formatDateTime } from '../../shared/text/dates';
import { useApi } from '../api/context';
import { useToasts } from '../components/Toasts';
import { uiDigits, uiLanguage } from '../i18n';
import { describeError } from '../i18n/errors';

/**
 * The library's backups, newest first, each with Restore. A restore asks
 * first, then brings the whole library back to that moment (the state before
 * it is itself backed up, so it shows up in the list and can be restored).
 */
export function BackupsDialog({ onClose, onRestored }: { onClose: () => void; onRestored: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const ref = useRef<HTMLDialogElement>(null);
  const [items, setItems] = useState<BackupInfo[] | null>(null);
  const [confirming, setConfirming] = useState<BackupInfo | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  useEffect(() => {
    let cancelled = false;
    api.listBackups({}).then(
      (list) => !cancelled && setItems(list.items),
      (error: unknown) => {
        if (cancelled) return;
        setItems([]);
        toasts.show(describeError(t, error), { tone: 'error' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, t, toasts]);

  const when = (backup: BackupInfo) => formatDateTime(backup.createdAt, uiLanguage(), uiDigits());

  const restore = async (backup: BackupInfo) => {
    setBusy(true);
    try {
      await api.restoreBackup({ name: backup.name });
      setConfirming(null);
      toasts.show(t('backups.restored', { date: when(backup) }), { durationMs: 10_000 });
      onRestored();
      ref.current?.close();
    } catch (error) {
      setConfirming(null);
      toasts.show(t('backups.failed', { detail: describeError(t, error) }), { tone: 'error', durationMs: 10_000 });
    } finally {
      setBusy(false);
    }
  };

  return (
    // React passes the confirmation's close event up through this dialog too: only its own closes it.
    <dialog ref={ref} className="dialog backups-dialog" aria-labelledby="backups-title" onClose={(event) => event.target === event.currentTarget && onClose()}>
      <h2 id="backups-title">{t('backups.title')}</h2>
      <p className="backups-intro">{t('backups.intro', { keep: BACKUP_KEEP })}</p>
      {items === null ? (
        <p>{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('backups.empty')}</p>
      ) : (
        <table className="backups-table">
          <thead>
            <tr>
              <th scope="col">{t('backups.made')}</th>
              <th scope="col">{t('backups.kindHeading')}</th>
              <th scope="col">{t('backups.size')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('backups.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((backup) => (
              <tr key={backup.name}>
                <td>
                  <time dateTime={backup.createdAt}>{when(backup)}</time>
                </td>
                <td>{t(`backups.kind.${backup.kind}`)}</td>
                <td>{t('backups.kb', { kb: Math.max(1, Math.round(backup.bytes / 1024)) })}</td>
                <td>
                  <button type="button" disabled={busy} aria-label={t('backups.restoreNamed', { date: when(backup) })} onClick={() => setConfirming(backup)}>
                    {t('backups.restore')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={() => ref.current?.close()}>
          {t('backups.close')}
        </button>
      </div>
      {confirming && (
        <ConfirmRestore date={when(confirming)} busy={busy} onConfirm={() => void restore(confirming)} onCancel={() => setConfirming(null)} />
      )}
    </dialog>
  );
}

/** Are you sure: the whole library goes back to that moment. */
function ConfirmRestore({ date, busy, onConfirm, onCancel }: { date: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog ref={ref} className="dialog backups-confirm" role="alertdialog" aria-labelledby="restore-backup-title" aria-describedby="restore-backup-text" onClose={onCancel}>
      <h2 id="restore-backup-title">{t('backups.confirmTitle')}</h2>
      <p id="restore-backup-text">{t('backups.confirm', { date })}</p>
      {busy && (
        <p role="status">
          <progress /> {t('backups.restoring')}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" disabled={busy} onClick={() => ref.current?.close()}>
          {t('backups.cancel')}
        </button>
        <button type="button" className="button-primary" disabled={busy} onClick={onConfirm}>
          {t('backups.confirmRestore')}
        </button>
      </div>
    </dialog>
  );
}
