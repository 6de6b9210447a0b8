import { useCallback, useEffect, useRef, useState } from 'react';
import type { PageExtractResult } from '@/src/page/extract-result';
import { matchesAnySite } from '@/src/page/site-match';
import { strings } from '@/src/ui/strings';
import { readTab, requestSiteAccess, siteOf, type TabInfo } from '@/src/page/tab-reader';

/** What the chat attaches to a message (the chat's MessageContext). */
export interface PageContext {
  kind: 'page' | 'selection';
  title: string;
  url: string;
  text: string;
}

export interface ContextChipData extends PageExtractResult {
  id: string;
  /** The tab it came from, when known. */
  tabId?: number;
  /** `page`: "Use this page"; `menu`/`toolbar`: a selection action. */
  source: 'page' | 'menu' | 'toolbar';
}

export type PageStatus =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'needs-access'; site: string; origin: string; tab: TabInfo }
  | { kind: 'error'; message: string };

/** Why a chip may no longer be about what the user is looking at. */
export type Staleness = 'other-tab' | 'other-page' | undefined;

function withoutHash(url: string): string {
  const index = url.indexOf('#');
  return index === -1 ? url : url.slice(0, index);
}

export function stalenessOf(chip: ContextChipData | undefined, tab: TabInfo | undefined): Staleness {
  if (!chip || !tab) return undefined;
  if (chip.tabId !== undefined && chip.tabId !== tab.tabId) return 'other-tab';
  if (tab.url !== undefined && chip.url !== '' && withoutHash(tab.url) !== withoutHash(chip.url)) {
    return chip.tabId === undefined ? 'other-tab' : 'other-page';
  }
  return undefined;
}

export interface PageContextState {
  chip: ContextChipData | undefined;
  status: PageStatus;
  staleness: Staleness;
  /** "Use this page": reads the tab (only ever on this click). */
  readPage(): Promise<void>;
  /** "Allow reading <site>": asks for access (call it directly from the click) and reads again. */
  allowAndRead(): Promise<void>;
  attach(chip: Omit<ContextChipData, 'id'>): void;
  remove(): void;
  /** Hands the chip to the message being sent and clears it; nothing if its site is never-send. */
  take(): PageContext | undefined;
  setError(message: string | undefined): void;
}

const messages = strings.pageContext;

export function usePageContext(tab: TabInfo | undefined, neverSend: readonly string[]): PageContextState {
  const [chip, setChip] = useState<ContextChipData | undefined>();
  const [status, setStatus] = useState<PageStatus>({ kind: 'idle' });
  const latest = useRef({ chip, neverSend, tab });
  useEffect(() => {
    latest.current = { chip, neverSend, tab };
  });

  // A site that joins the never-send list loses its chip at once.
  useEffect(() => {
    if (chip && matchesAnySite(chip.url, neverSend)) setChip(undefined);
  }, [chip, neverSend]);

  // A message about the previous tab does not apply to the next one.
  const tabKey = tab ? `${tab.tabId} ${tab.url ?? ''}` : '';
  useEffect(() => {
    setStatus((current) => (current.kind === 'reading' ? current : { kind: 'idle' }));
  }, [tabKey]);

  const readNow = useCallback(async (target: TabInfo) => {
    setStatus({ kind: 'reading' });
    const outcome = await readTab(target, latest.current.neverSend);
    if (outcome.ok) {
      setChip({ ...outcome.extract, id: crypto.randomUUID(), source: 'page' });
      setStatus({ kind: 'idle' });
      return;
    }
    switch (outcome.reason) {
      case 'blocked':
        setStatus({ kind: 'error', message: messages.blocked(outcome.site || messages.kindPage) });
        break;
      case 'needs-access':
        setStatus({ kind: 'needs-access', site: outcome.site, origin: outcome.origin, tab: target });
        break;
      case 'hidden':
        setStatus({ kind: 'error', message: messages.hiddenTab });
        break;
      case 'cannot-read':
        setStatus({ kind: 'error', message: messages.cannotRead });
        break;
      case 'empty':
        setStatus({ kind: 'error', message: messages.empty });
        break;
      case 'failed':
        setStatus({ kind: 'error', message: messages.failed });
        break;
    }
  }, []);

  const readPage = useCallback(async () => {
    const target = latest.current.tab;
    if (!target) {
      setStatus({ kind: 'error', message: messages.noTarget });
      return;
    }
    await readNow(target);
  }, [readNow]);

  const allowAndRead = useCallback(async () => {
    if (status.kind !== 'needs-access') return;
    // First, synchronously in the click: the browser shows the prompt only during a user gesture.
    const asking = requestSiteAccess(status.origin);
    const granted = await asking;
    if (!granted) {
      setStatus({ kind: 'error', message: messages.accessDenied });
      return;
    }
    await readNow(status.tab);
  }, [status, readNow]);

  const attach = useCallback((data: Omit<ContextChipData, 'id'>) => {
    if (matchesAnySite(data.url, latest.current.neverSend)) {
      setStatus({ kind: 'error', message: messages.blocked(siteOf(data.url)) });
      return;
    }
    setChip({ ...data, id: crypto.randomUUID() });
    setStatus({ kind: 'idle' });
  }, []);

  const remove = useCallback(() => setChip(undefined), []);

  const take = useCallback((): PageContext | undefined => {
    const current = latest.current.chip;
    if (!current) return undefined;
    setChip(undefined);
    latest.current = { ...latest.current, chip: undefined };
    if (matchesAnySite(current.url, latest.current.neverSend)) return undefined;
    return { kind: current.kind, title: current.title || siteOf(current.url), url: current.url, text: current.text };
  }, []);

  const setError = useCallback((message: string | undefined) => setStatus(message === undefined ? { kind: 'idle' } : { kind: 'error', message }), []);

  return { chip, status, staleness: stalenessOf(chip, tab), readPage, allowAndRead, attach, remove, take, setError };
}
