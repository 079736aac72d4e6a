import type { TFunction } from 'i18next';
import type { NewsroomStatus } from '../../shared/newsroom';
import { formatDateTime } from '../../shared/text/dates';
import { uiDigits, uiLanguage } from '../i18n';

const PLAIN = 'ws://';
const SECURE = 'wss://';

/** The status in words: connected / offline (with the last sync) / refused (why), and what is still syncing. */
export function describeNewsroom(t: TFunction, status: NewsroomStatus): string[] {
  // An address is Latin text inside a Kurdish sentence: isolated, so its slashes and dots stay in place.
  const url = status.url ? `\u2068${status.url}\u2069` : '';
  const role = status.identity ? t(`roles.${status.identity.role}`) : '';
  const name = status.identity ? `\u2068${status.identity.name}\u2069` : '';
  const lines: string[] = [];
  switch (status.state) {
    case 'off':
      return [t('newsroom.status.off')];
    case 'refused':
      return [t('newsroom.status.refused', { url, reason: t(`newsroom.refusal.${status.refusal ?? 'token'}`, { plain: PLAIN, secure: SECURE }) })];
    case 'connected':
      lines.push(status.identity ? t('newsroom.status.connected', { url, name, role }) : t('newsroom.status.connecting', { url }));
      break;
    default:
      lines.push(t(`newsroom.status.${status.state}`, { url }));
  }
  if (status.state === 'connected' && status.pendingDocuments === 0) lines.push(t('newsroom.allSynced'));
  else if (status.state === 'connected') lines.push(t('newsroom.pending', { count: status.pendingDocuments }));
  lines.push(status.lastSyncAt ? t('newsroom.lastSync', { time: formatDateTime(status.lastSyncAt, uiLanguage(), uiDigits()) }) : t('newsroom.neverSynced'));
  if (!status.tokenRemembered) lines.push(t('newsroom.sessionOnly'));
  return lines;
}

export const NEWSROOM_EXAMPLE = `${SECURE}newsroom.example.org`;
export const TOKEN_PREFIX = 'QELEM_TOKEN=';
export { PLAIN as PLAIN_SCHEME, SECURE as SECURE_SCHEME };
