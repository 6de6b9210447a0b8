import { useCallback, useEffect, useRef, useState } from 'react';
import { connectPort, type Port } from '@/src/platform/messaging';
import { renderPhrase } from '@/src/shared/i18n/text';
import { PULL_PORT_NAME } from '@/src/local-servers/schemas';
import { PullServerMessage } from '@/src/local-servers/pull-progress-message';
import type { PullPhase } from '@/src/local-servers/ollama-pull';

export type PullState =
  | { state: 'idle' }
  | { state: 'running'; model: string; phase: PullPhase; completed: number; total: number }
  | { state: 'done'; model: string }
  | { state: 'cancelled'; model: string }
  | { state: 'failed'; model: string; message: string };

/**
 * One Ollama pull at a time over the worker's pull port (src/background/local-servers.ts): the
 * worker makes the call; this page shows its progress. Cancel, or leaving the page, closes the port
 * and the worker aborts the download.
 */
export function useOllamaPull(origin: string, onFinished: () => void): { pull: PullState; start: (model: string) => void; cancel: () => void } {
  const [pull, setPull] = useState<PullState>({ state: 'idle' });
  const port = useRef<Port | undefined>(undefined);

  const close = useCallback(() => {
    port.current?.disconnect();
    port.current = undefined;
  }, []);
  useEffect(() => close, [close]);

  const start = useCallback(
    (model: string) => {
      if (port.current) return;
      const opened = connectPort(PULL_PORT_NAME);
      port.current = opened;
      setPull({ state: 'running', model, phase: 'starting', completed: 0, total: 0 });
      const finish = (next: PullState) => {
        setPull(next);
        close();
        onFinished();
      };
      opened.onMessage.addListener((raw: unknown) => {
        const parsed = PullServerMessage.safeParse(raw);
        if (!parsed.success) return;
        const message = parsed.data;
        if (message.type === 'progress') setPull({ state: 'running', model, phase: message.phase, completed: message.completed, total: message.total });
        else if (message.type === 'done') finish({ state: 'done', model });
        else if (message.type === 'cancelled') finish({ state: 'cancelled', model });
        else finish({ state: 'failed', model, message: renderPhrase(message.phrase) });
      });
      opened.onDisconnect.addListener(() => {
        if (port.current !== opened) return;
        port.current = undefined;
        setPull((current) => (current.state === 'running' ? { state: 'cancelled', model } : current));
      });
      opened.postMessage({ type: 'pull', origin, model });
    },
    [origin, close, onFinished],
  );

  const cancel = useCallback(() => {
    const current = port.current;
    if (!current) return;
    current.postMessage({ type: 'cancel' });
  }, []);

  return { pull, start, cancel };
}
