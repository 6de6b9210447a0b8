/**
 * Everything the extension's contexts print, captured over Chrome's debugging protocol from the
 * browser target down: the service worker (also after a restart), every page, and their frames.
 * Records `Runtime.consoleAPICalled` (with each logged object expanded in the page, so a key inside
 * an Error or a nested object shows up), `Runtime.exceptionThrown` and `Log.entryAdded` (network
 * errors, with their URLs).
 */

interface CdpMessage {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

interface RemoteObject {
  type?: string;
  objectId?: string;
}

export interface ConsoleEntry {
  /** The target's type and URL, e.g. "service_worker chrome-extension://…/background.js". */
  source: string;
  event: string;
  /** The event as JSON, plus the expanded text of every logged object. */
  text: string;
}

/** Run in the logging context on each logged object: every way it could render as text. */
const EXPAND = `function () {
  const parts = [String(this)];
  try { parts.push(JSON.stringify(this)); } catch (error) { parts.push('unserializable'); }
  if (this && typeof this === 'object') {
    for (const name of Object.getOwnPropertyNames(this)) {
      try { parts.push(name + '=' + String(this[name])); } catch (error) { /* a throwing getter */ }
    }
    if (this.stack) parts.push(String(this.stack));
    if (this.cause) parts.push(String(this.cause), JSON.stringify(this.cause) || '');
  }
  return parts.join('\\n');
}`;

export class ConsoleRecorder {
  readonly entries: ConsoleEntry[] = [];
  /** Session id → target id, and target id → "type url" (kept current as pages navigate). */
  private readonly sessions = new Map<string, string>();
  private readonly targets = new Map<string, string>();
  private readonly pending = new Map<number, { resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  private readonly expansions = new Set<Promise<unknown>>();
  private nextId = 1;

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event: MessageEvent) => this.onMessage(JSON.parse(String(event.data)) as CdpMessage));
  }

  /** Connects to the browser target and attaches to every current and future target. */
  static async start(debuggingPort: number): Promise<ConsoleRecorder> {
    const version = (await (await fetch(`http://127.0.0.1:${debuggingPort}/json/version`)).json()) as { webSocketDebuggerUrl: string };
    const socket = new WebSocket(version.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error('The browser debugging socket failed.')), { once: true });
    });
    const recorder = new ConsoleRecorder(socket);
    await recorder.send('Target.setDiscoverTargets', { discover: true });
    await recorder.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
    return recorder;
  }

  /** All recorded text, once every logged object has been expanded. */
  async text(): Promise<string> {
    await Promise.allSettled([...this.expansions]);
    return this.entries.map((entry) => `[${entry.source}] ${entry.event}: ${entry.text}`).join('\n');
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.expansions]);
    this.socket.close();
  }

  private send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  private onMessage(message: CdpMessage): void {
    if (message.id !== undefined) {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result ?? {});
      return;
    }
    const params = message.params ?? {};
    if (message.method === 'Target.targetInfoChanged' || message.method === 'Target.targetCreated') {
      const info = params['targetInfo'] as { targetId: string; type: string; url: string };
      this.targets.set(info.targetId, `${info.type} ${info.url}`);
      return;
    }
    if (message.method === 'Target.attachedToTarget') {
      const info = params['targetInfo'] as { targetId: string; type: string; url: string };
      const sessionId = params['sessionId'] as string;
      this.sessions.set(sessionId, info.targetId);
      this.targets.set(info.targetId, `${info.type} ${info.url}`);
      // A target that went away meanwhile rejects these; nothing to record there.
      void Promise.all([
        this.send('Runtime.enable', {}, sessionId),
        this.send('Log.enable', {}, sessionId),
        this.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, sessionId),
      ]).catch(() => undefined);
      return;
    }
    if (message.sessionId === undefined) return;
    if (message.method === 'Runtime.consoleAPICalled' || message.method === 'Runtime.exceptionThrown' || message.method === 'Log.entryAdded') {
      const source = this.targets.get(this.sessions.get(message.sessionId) ?? '') ?? 'unknown';
      const entry: ConsoleEntry = { source, event: message.method, text: JSON.stringify(params) };
      this.entries.push(entry);
      const args = message.method === 'Runtime.consoleAPICalled' ? ((params['args'] as RemoteObject[] | undefined) ?? []) : [];
      for (const arg of args) {
        if (arg.objectId === undefined) continue;
        const expansion = this.send('Runtime.callFunctionOn', { objectId: arg.objectId, functionDeclaration: EXPAND, returnByValue: true }, message.sessionId)
          .then((result) => {
            entry.text += `\n${String((result['result'] as { value?: unknown } | undefined)?.value ?? '')}`;
          })
          .catch(() => undefined)
          .finally(() => this.expansions.delete(expansion));
        this.expansions.add(expansion);
      }
    }
  }
}
