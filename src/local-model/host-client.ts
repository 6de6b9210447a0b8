/**
 * The worker's side of the in-browser model: opens the model's page (Chrome's offscreen document;
 * in Firefox a hidden frame of the same page inside the background page, src/platform/hidden-page.ts)
 * when a question comes, talks to it over MODEL_HOST_PORT, and closes it after MODEL_HOST_IDLE_MS
 * without questions to give its memory back (an alarm, so a worker stopped meanwhile still does it),
 * where closing does give it back (Chrome; not Firefox's frame, which stays: hidden-page.ts).
 *
 * The same page runs indexing with no Keyward page open (Chrome allows one offscreen document per
 * extension: src/knowledge/background-indexer.ts): `wakeHiddenIndexer` opens it and says so on
 * INDEXER_PORT, and the idle alarm leaves it open while it holds or waits for an indexing lock.
 */
import { clearAlarm, setAlarmAt } from '@/src/platform/alarms';
import { connectPort, type Port } from '@/src/platform/messaging';
import { closeHiddenPage, closingHiddenPageFreesMemory, ensureHiddenPage, hiddenPagesSupported } from '@/src/platform/hidden-page';
import { HostReply, MODEL_HOST_IDLE_MS, MODEL_HOST_PAGE, MODEL_HOST_PORT } from './host-protocol';
import type { HostRequest } from './host-request';
import { lockInUse } from '@/src/platform/locks';
import { isIndexingLock } from '@/src/knowledge/index-locks';
import { INDEXER_PORT, type IndexerRequest, type IndexScope } from '@/src/knowledge/indexer-protocol';

export const MODEL_HOST_IDLE_ALARM = 'keyward.model-host.idle';

export class ModelHostUnavailable extends Error {}

/** Answers running through this worker; the idle alarm does not close the page under one. */
let active = 0;

export function modelHostSupported(): boolean {
  return hiddenPagesSupported();
}

async function openHost(): Promise<void> {
  if (!hiddenPagesSupported()) throw new ModelHostUnavailable('no hidden pages');
  await ensureHiddenPage(MODEL_HOST_PAGE, 'Runs the language model the user downloaded (WebGPU or WebAssembly) and indexes for search by meaning.');
}

function scheduleIdleClose(): void {
  // Firefox's frame keeps its memory when closed (closingHiddenPageFreesMemory): it stays open.
  if (!closingHiddenPageFreesMemory()) return;
  void setAlarmAt(MODEL_HOST_IDLE_ALARM, Date.now() + MODEL_HOST_IDLE_MS).catch(() => undefined);
}

/**
 * The idle alarm went off: close the model's page unless an answer is running or indexing holds or
 * waits for its lock (in the hidden page or a page: the Web Locks' query does not tell whose), and
 * look again after the idle time.
 */
export async function closeIdleModelHost(): Promise<boolean> {
  if (!closingHiddenPageFreesMemory()) return false;
  if (active > 0 || (await lockInUse(isIndexingLock).catch(() => false))) {
    scheduleIdleClose();
    return false;
  }
  return closeHiddenPage(MODEL_HOST_PAGE).catch(() => false);
}

/** Connects to the page; a page that has just opened may not listen yet, so one more try. */
async function connect(name: string): Promise<Port> {
  for (let attempt = 0; ; attempt++) {
    const port = connectPort(name);
    const alive = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(true), 50);
      port.onDisconnect.addListener(() => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (alive) return port;
    if (attempt >= 3) throw new ModelHostUnavailable('the model page does not answer');
    await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
  }
}

/**
 * Sends one request to the model's page and yields its validated replies until it is done, fails
 * or the port closes. Aborting `signal` asks the page to stop and closes the port.
 */
export async function* askModelHost(request: HostRequest, signal: AbortSignal): AsyncGenerator<HostReply> {
  active += 1;
  void clearAlarm(MODEL_HOST_IDLE_ALARM).catch(() => undefined);
  let port: Port | undefined;
  try {
    await openHost();
    port = await connect(MODEL_HOST_PORT);
    const replies: HostReply[] = [];
    let closed = false;
    let wake: (() => void) | undefined;
    const notify = () => {
      wake?.();
      wake = undefined;
    };
    port.onMessage.addListener((message: unknown) => {
      const parsed = HostReply.safeParse(message);
      // Anything else on this port is not from our model page: end the exchange.
      if (!parsed.success) closed = true;
      else replies.push(parsed.data);
      notify();
    });
    port.onDisconnect.addListener(() => {
      closed = true;
      notify();
    });
    const onAbort = () => {
      try {
        port?.postMessage({ type: 'stop' } satisfies HostRequest);
      } catch {
        // already closed
      }
      closed = true;
      notify();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      port.postMessage(request);
      for (;;) {
        const reply = replies.shift();
        if (reply) {
          yield reply;
          if (reply.type === 'done' || reply.type === 'error' || reply.type === 'memory' || reply.type === 'vectors') return;
          continue;
        }
        if (closed) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  } finally {
    try {
      port?.disconnect();
    } catch {
      // already closed
    }
    active -= 1;
    scheduleIdleClose();
  }
}

/**
 * Opens the hidden page and tells it there is indexing to do (`scope`: indexer-protocol.ts); it
 * closes after the idle time once its indexing is over. False where there are no hidden pages.
 */
export async function wakeHiddenIndexer(scope: IndexScope): Promise<boolean> {
  if (!hiddenPagesSupported()) return false;
  await openHost();
  scheduleIdleClose();
  // The page disconnects once it has read the message.
  const port = await connect(INDEXER_PORT);
  port.postMessage({ type: 'index', scope } satisfies IndexerRequest);
  return true;
}
