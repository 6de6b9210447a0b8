import { useCallback, useEffect, useRef, useState } from 'react';
import type { AttachmentSource } from '@/src/attachments/types';
import type { CaptureError } from '@/src/attachments/capture';
import { CaptureRegionIcon, CaptureTabIcon, type Icon } from '@/src/ui/shared/icons';
import { strings } from '@/src/ui/strings';

/**
 * The composer's two capture items ("Capture this tab", "Capture a region") for its attach menu.
 * The capture code (src/attachments/capture.ts) loads on first use, not with the page: the popup's
 * first paint does not carry it. The file goes to the composer through `addAttachments`, like a
 * picked or pasted one; a refusal becomes `error` (the same words as "Use this page" for a
 * never-send site).
 */

/** One menu entry, shaped like the shared Menu's items (src/ui/shared/Menu.tsx) plus an icon and why it is off. */
export interface CaptureMenuItem {
  kind: 'item';
  id: 'capture-tab' | 'capture-region';
  label: string;
  icon: Icon;
  disabled: boolean;
  /** Why the item is off, for a tooltip or a description; undefined while it is on. */
  disabledReason?: string;
  onSelect(): void;
}

export interface CaptureActions {
  items: CaptureMenuItem[];
  /** A capture is running (the region overlay may be waiting for the user). */
  busy: boolean;
  /** Why the last capture gave nothing, in the UI language. */
  error: string | undefined;
  clearError(): void;
}

export interface CaptureOptions {
  /**
   * The popup closes as soon as the user clicks the page, which would end a region pick half way:
   * there the region item is off and says to use the side panel. Default `panel`.
   */
  surface?: 'popup' | 'panel';
}

export type AddAttachments = (files: File[], source: AttachmentSource) => unknown;

/** The words for a refused capture. A never-send site gets "Use this page"'s sentence, word for word. */
export function captureErrorMessage(error: unknown): string {
  if (!(error instanceof Error) || error.name !== 'CaptureError') return strings.capture.failed;
  const { reason, site } = error as CaptureError;
  switch (reason) {
    case 'blocked':
      return strings.pageContext.blocked(site || strings.pageContext.kindPage);
    case 'no-tab':
      return strings.capture.noTab;
    case 'own-page':
      return strings.capture.ownPage;
    case 'restricted':
      return strings.capture.restricted;
    case 'needs-invocation':
      return strings.capture.needsInvocation;
    case 'changed':
      return strings.capture.changed;
    case 'failed':
      return strings.capture.failed;
  }
}

export function useCaptureActions(addAttachments: AddAttachments, options: CaptureOptions = {}): CaptureActions {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const running = useRef(false);
  const add = useRef(addAttachments);
  useEffect(() => {
    add.current = addAttachments;
  });

  const run = useCallback(async (kind: 'tab' | 'region') => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(undefined);
    try {
      const capture = await import('@/src/attachments/capture');
      const file = kind === 'tab' ? await capture.captureVisibleTab() : await capture.captureRegion();
      if (file) await add.current([file], kind);
    } catch (caught) {
      setError(captureErrorMessage(caught));
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);

  const regionOff = options.surface === 'popup' ? strings.capture.regionInPopup : undefined;
  const busyReason = busy ? strings.capture.busy : undefined;
  const items: CaptureMenuItem[] = [
    { kind: 'item', id: 'capture-tab', label: strings.capture.tab, icon: CaptureTabIcon, disabled: busy, disabledReason: busyReason, onSelect: () => void run('tab') },
    {
      kind: 'item',
      id: 'capture-region',
      label: strings.capture.region,
      icon: CaptureRegionIcon,
      disabled: busy || regionOff !== undefined,
      disabledReason: regionOff ?? busyReason,
      onSelect: () => void run('region'),
    },
  ];
  return { items, busy, error, clearError: useCallback(() => setError(undefined), []) };
}
