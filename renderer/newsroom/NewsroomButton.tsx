import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNewsroom } from './context';
import { describeNewsroom } from './describe';
import { NewsroomDialog } from './NewsroomDialog';

/** The library's way to the newsroom settings, saying in a word how the connection is. */
export function NewsroomButton() {
  const { t } = useTranslation();
  const { status } = useNewsroom();
  const [open, setOpen] = useState(false);
  const state = status?.state ?? 'off';
  return (
    <>
      <button type="button" className={`newsroom-chip newsroom-${state}`} title={status ? describeNewsroom(t, status).join(' ') : undefined} onClick={() => setOpen(true)}>
        <span className="newsroom-dot" aria-hidden="true" />
        {t(`newsroom.chip.${state}`)}
      </button>
      {open && <NewsroomDialog onClose={() => setOpen(false)} />}
    </>
  );
}
