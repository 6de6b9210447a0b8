import { useCallback } from 'react';
import { downloadText } from '@/src/ui/shared/download';
import { useToast } from '@/src/ui/shared/Toasts';
import { strings } from '@/src/ui/strings';

/** Saves a file the page made (a CSV or JSON export) and says so in a toast, naming the file. */
export function useExport(): (fileName: string, content: string, type?: string) => void {
  const toast = useToast();
  return useCallback(
    (fileName, content, type) => {
      downloadText(fileName, content, type);
      toast(strings.toasts.exported(fileName));
    },
    [toast],
  );
}
