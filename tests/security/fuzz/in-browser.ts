/**
 * Functions that run inside the browser (a page, our content script's world, another extension's
 * worker) and send a whole batch of fuzz messages at once. They are passed as source text, so
 * they reference nothing outside themselves.
 */

export interface SendOutcome {
  /** What came back (null when the listener answered nothing). */
  reply?: unknown;
  /** sendMessage threw or rejected: the message was not delivered, or the receiver went away. */
  thrown?: string;
  /** The sender has no runtime.sendMessage to call at all (a web page). */
  noRuntime?: string;
  timedOut?: boolean;
}

export interface SendBatch {
  jsons: string[];
  /** Another extension's id to address (from a foreign extension), or null for our own runtime. */
  targetId: string | null;
  timeoutMs: number;
  /** How many messages are in flight at once. */
  parallel: number;
}

export async function sendBatchInBrowser(batch: SendBatch): Promise<SendOutcome[]> {
  type Runtime = { sendMessage(...args: unknown[]): Promise<unknown> };
  const api = globalThis as unknown as { chrome?: { runtime?: Runtime } };
  const runtime = api.chrome?.runtime;
  const sendOne = async (json: string): Promise<SendOutcome> => {
    if (typeof runtime?.sendMessage !== 'function') return { noRuntime: `typeof chrome: ${typeof api.chrome}, typeof chrome.runtime: ${typeof api.chrome?.runtime}` };
    const message = JSON.parse(json) as unknown;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const sending = batch.targetId === null ? runtime.sendMessage(message) : runtime.sendMessage(batch.targetId, message);
      const timeout = new Promise<SendOutcome>((resolve) => {
        timer = setTimeout(() => resolve({ timedOut: true }), batch.timeoutMs);
      });
      return await Promise.race([sending.then((reply) => ({ reply: reply === undefined ? null : reply })), timeout]);
    } catch (error) {
      return { thrown: String(error instanceof Error ? error.message : error) };
    } finally {
      clearTimeout(timer);
    }
  };
  const outcomes: SendOutcome[] = [];
  for (let start = 0; start < batch.jsons.length; start += batch.parallel) {
    outcomes.push(...(await Promise.all(batch.jsons.slice(start, start + batch.parallel).map(sendOne))));
  }
  return outcomes;
}

export interface PortAttempt {
  name: string;
  /** JSON text of the first message posted on the port. */
  first: string;
}

export interface PortOutcome {
  name: string;
  received: unknown[];
  disconnected: boolean;
  error?: string | null;
  thrown?: string;
  noRuntime?: boolean;
}

/** Opens a port per attempt, posts its first message, and reports what came back within `waitMs`. */
export async function connectBatchInBrowser(batch: { attempts: PortAttempt[]; targetId: string | null; waitMs: number }): Promise<PortOutcome[]> {
  type Port = {
    postMessage(message: unknown): void;
    disconnect(): void;
    onMessage: { addListener(listener: (message: unknown) => void): void };
    onDisconnect: { addListener(listener: () => void): void };
  };
  type Runtime = { connect(...args: unknown[]): Port; lastError?: { message?: string } };
  const runtime = (globalThis as unknown as { chrome?: { runtime?: Runtime } }).chrome?.runtime;
  const one = (attempt: PortAttempt) =>
    new Promise<PortOutcome>((resolve) => {
      const received: unknown[] = [];
      if (typeof runtime?.connect !== 'function') {
        resolve({ name: attempt.name, received, disconnected: false, noRuntime: true });
        return;
      }
      let port: Port;
      try {
        port = batch.targetId === null ? runtime.connect({ name: attempt.name }) : runtime.connect(batch.targetId, { name: attempt.name });
      } catch (error) {
        resolve({ name: attempt.name, received, disconnected: false, thrown: String(error instanceof Error ? error.message : error) });
        return;
      }
      port.onMessage.addListener((message) => received.push(message));
      port.onDisconnect.addListener(() => resolve({ name: attempt.name, received, disconnected: true, error: runtime.lastError?.message ?? null }));
      try {
        port.postMessage(JSON.parse(attempt.first) as unknown);
      } catch {
        // A disconnected port throws; onDisconnect reports it.
      }
      setTimeout(() => {
        port.disconnect();
        resolve({ name: attempt.name, received, disconnected: false });
      }, batch.waitMs);
    });
  return Promise.all(batch.attempts.map(one));
}
