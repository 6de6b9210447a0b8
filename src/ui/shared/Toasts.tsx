import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { strings } from '@/src/ui/strings';
import { CheckIcon, CloseIcon } from './icons';
import { IconButton } from './IconButton';

/** How long a toast stays: long enough to read a short sentence twice. */
export const TOAST_MS = 4_000;
/** More than this many at once and the oldest goes first. */
const MAX_TOASTS = 3;

interface Toast {
  id: number;
  message: string;
}

type ShowToast = (message: string) => void;

const ToastContext = createContext<ShowToast | null>(null);

/**
 * Short confirmations that go by themselves ("Saved", "Copied", "Exported"): the page calls
 * useToast()(message) and the provider shows it in one polite live region, so a screen reader
 * reads it without moving focus. The region is always in the page (a live region added together
 * with its text is often not read). Motion comes from the tokens, so reduced motion has none.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const nextId = useRef(0);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const show = useCallback<ShowToast>(
    (message) => {
      nextId.current += 1;
      const id = nextId.current;
      setToasts((current) => [...current, { id, message }].slice(-MAX_TOASTS));
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), TOAST_MS),
      );
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    };
  }, []);

  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toast-region" role="status" aria-live="polite" aria-label={strings.toasts.regionLabel}>
        {toasts.map((toast) => (
          <div key={toast.id} className="toast">
            <CheckIcon className="icon" aria-hidden="true" focusable="false" />
            <span>{toast.message}</span>
            <IconButton small icon={CloseIcon} label={strings.options.dismiss} onClick={() => dismiss(toast.id)} />
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** Shows a toast; only inside a ToastProvider. */
export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast needs a ToastProvider above it.');
  return show;
}
