import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { createPortal } from 'react-dom';
import { strings } from '@/src/ui/strings';
import { copyText } from './clipboard';
import type { Scheduler } from './frame-scheduler';
import type { LiveText } from './live-text';
import { LinkConfirm } from './LinkConfirm';
import { COPY_CODE_CLASS, codeOfCopyButton } from './markdown/code-blocks';
import { linkAddress, linkOfEvent, needsConfirmation, openInNewTab } from './markdown/links';

const FEEDBACK_MS = 1500;

type RendererModule = typeof import('./markdown/renderer');
let rendererModule: RendererModule | undefined;
let rendererLoading: Promise<RendererModule> | undefined;

/**
 * The markdown renderer (marked and DOMPurify, about 80 KB) is loaded when the first answer is shown,
 * not with the page: a popup paints its composer before it needs one (benchmark 5, popup open). Once
 * loaded, answers render at once.
 */
export function loadMarkdownRenderer(): Promise<RendererModule> {
  rendererLoading ??= import('./markdown/renderer').then((module) => (rendererModule = module));
  return rendererLoading;
}

/**
 * An answer as sanitised markdown. The DOM inside is owned by MarkdownRenderer, not React, so a
 * streaming answer updates without React re-rendering anything. Clicks are handled by one listener
 * on the answer (event delegation): Copy buttons of code blocks, and links, which open only after a
 * confirmation when their address carries a query string or a fragment the model wrote.
 */
export function Markdown({ source, schedule }: { source: LiveText; schedule?: Scheduler }) {
  const ref = useRef<HTMLDivElement>(null);
  const [confirming, setConfirming] = useState<URL | undefined>(undefined);

  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    let renderer: { destroy(): void } | undefined;
    let mounted = true;
    const start = ({ MarkdownRenderer }: RendererModule) => {
      if (mounted) renderer = new MarkdownRenderer(container, source, schedule);
    };
    if (rendererModule) start(rendererModule);
    else void loadMarkdownRenderer().then(start);
    return () => {
      mounted = false;
      renderer?.destroy();
    };
  }, [source, schedule]);

  /**
   * A click (or Enter, which clicks) or a middle click on a link. One whose address has a query or a
   * fragment is held back for the confirmation; any other opens as the browser opens it (a new tab,
   * no opener, no referrer: see sanitize.ts).
   */
  function onLink(event: MouseEvent<HTMLDivElement> | KeyboardEvent<HTMLDivElement>, link: HTMLAnchorElement): void {
    const url = linkAddress(link);
    if (url && !needsConfirmation(url)) return;
    event.preventDefault();
    if (url) setConfirming(url);
  }

  async function onCopy(target: EventTarget) {
    const button = target instanceof Element ? target.closest(`button.${COPY_CODE_CLASS}`) : null;
    if (!button || !ref.current?.contains(button)) return;
    const code = codeOfCopyButton(button);
    if (code === undefined) return;
    const ok = await copyText(code);
    button.textContent = ok ? strings.chat.copied : strings.chat.copyFailed;
    setTimeout(() => {
      button.textContent = strings.chat.copyCode;
    }, FEEDBACK_MS);
  }

  function onClick(event: MouseEvent<HTMLDivElement>) {
    const link = ref.current ? linkOfEvent(event.target, ref.current) : undefined;
    if (link) onLink(event, link);
    else void onCopy(event.target);
  }

  /** Enter on a held-back link (it has no href, so the browser would not click it). */
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'Enter') return;
    const link = ref.current ? linkOfEvent(event.target, ref.current) : undefined;
    if (link && !link.hasAttribute('href')) onLink(event, link);
  }

  function onAuxClick(event: MouseEvent<HTMLDivElement>) {
    const link = event.button === 1 && ref.current ? linkOfEvent(event.target, ref.current) : undefined;
    if (link) onLink(event, link);
  }

  return (
    <>
      <div ref={ref} className="md" onClick={onClick} onAuxClick={onAuxClick} onKeyDown={onKeyDown} />
      {confirming &&
        createPortal(
          <LinkConfirm
            url={confirming}
            onOpen={() => {
              setConfirming(undefined);
              openInNewTab(confirming.href);
            }}
            onCancel={() => setConfirming(undefined)}
          />,
          document.body,
        )}
    </>
  );
}
