import { useRef } from 'react';
import { knowledgeStrings as words } from './strings';

/** What the file picker offers (any file can be chosen; one that is not text says so). */
export const COLLECTION_ACCEPT = '.pdf,application/pdf,.md,.markdown,text/markdown,.txt,text/plain';

/**
 * "Add files" to a collection: a button that opens the browser's file picker (a hidden input, so
 * the button can look like the others). The options page and the side panel use this one.
 * The input is emptied after each choice, so choosing the same file again adds it again.
 */
export function AddFilesButton({ onFiles, primary = false, disabled = false }: { onFiles: (files: File[]) => void; primary?: boolean; disabled?: boolean }) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={primary ? 'primary' : undefined} disabled={disabled} onClick={() => picker.current?.click()} title={words.addFilesHint}>
        {words.addFiles}
      </button>
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        accept={COLLECTION_ACCEPT}
        aria-label={words.addFiles}
        onChange={(event) => {
          onFiles(Array.from(event.target.files ?? []));
          event.target.value = '';
        }}
      />
    </>
  );
}
