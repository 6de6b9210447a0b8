import type { Phrase } from '@/src/shared/i18n/text';
import { strings } from '@/src/ui/strings';
import { FormatWarnings } from './FormatWarnings';
import { optionsStrings } from '@/src/ui/options/options-strings';

export interface Notice {
  message: string;
  warnings: readonly Phrase[];
  hostDenied?: string | undefined;
}

/** What happened after a save or delete, with the background's format warnings if any. */
export function SaveNotice({ notice, onDismiss }: { notice: Notice | undefined; onDismiss: () => void }) {
  const warn = notice && (notice.warnings.length > 0 || notice.hostDenied);
  return (
    <div className={notice ? `notice${warn ? ' notice-warning' : ''}` : 'notice-region'}>
      <div role="status" className="stack">
        {notice && (
          <>
            <p>{notice.message}</p>
            <FormatWarnings warnings={notice.warnings} />
            {notice.hostDenied && <p className="warning">{optionsStrings.hostAccess.denied(notice.hostDenied)}</p>}
          </>
        )}
      </div>
      {notice && (
        <button type="button" className="link-button" onClick={onDismiss}>
          {strings.options.dismiss}
        </button>
      )}
    </div>
  );
}
