import { useId } from 'react';
import { ExportBackup } from './ExportBackup';
import { ImportBackupForm, type ImportResult } from './ImportBackupForm';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** The Backup tab: export the encrypted vault; import another backup's keys into this one. */
export function BackupSection({ onImported }: { onImported?: (result: ImportResult) => void }) {
  const headingId = useId();
  const exportId = useId();
  const importId = useId();
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{optionsStrings.backup.heading}</h2>
      <section className="card" aria-labelledby={exportId}>
        <h3 id={exportId}>{optionsStrings.backup.exportHeading}</h3>
        <ExportBackup />
      </section>
      <section className="card" aria-labelledby={importId}>
        <h3 id={importId}>{optionsStrings.backup.importHeading}</h3>
        <p>{optionsStrings.backup.importExplain}</p>
        <ImportBackupForm mode="merge" onImported={onImported} />
      </section>
    </section>
  );
}
