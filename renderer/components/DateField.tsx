import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { monthNames } from '../../shared/text/dates';
import { uiLanguage } from '../i18n';

interface Props {
  label: string;
  /** YYYY-MM-DD, or '' when not set. */
  value: string;
  onChange: (value: string) => void;
}

function parts(value: string) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? { year: match[1]!, month: String(Number(match[2])), day: String(Number(match[3])) } : { year: '', month: '', day: '' };
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A calendar date as day, month and year, with month names in the interface
 * language. Chromium's own date input would show its English mm/dd/yyyy in a
 * Kurdish interface: it has no Kurdish locale data.
 */
export function DateField({ label, value, onChange }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() => parts(value));
  const months = monthNames(uiLanguage());

  const change = (patch: Partial<typeof draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    const [year, month, day] = [Number(next.year), Number(next.month), Number(next.day)];
    if (next.year === '' && next.month === '' && next.day === '') onChange('');
    else if (next.year.length === 4 && isRealDate(year, month, day)) onChange(`${next.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  };

  return (
    <fieldset className="date-field">
      <legend>{label}</legend>
      <input type="text" inputMode="numeric" className="date-day" aria-label={t('date.day')} maxLength={2} value={draft.day} onChange={(e) => change({ day: e.target.value.replace(/\D/g, '') })} />
      <select aria-label={t('date.month')} value={draft.month} onChange={(e) => change({ month: e.target.value })}>
        <option value="">{t('date.noMonth')}</option>
        {months.map((name, index) => (
          <option key={name} value={String(index + 1)}>
            {name}
          </option>
        ))}
      </select>
      <input type="text" inputMode="numeric" className="date-year" aria-label={t('date.year')} maxLength={4} value={draft.year} onChange={(e) => change({ year: e.target.value.replace(/\D/g, '') })} />
    </fieldset>
  );
}
