import { pingExtensionApi } from '@/src/platform/runtime';

/**
 * Chrome stops an idle worker after 30 s, and a fetch that waits longer than that for its first
 * byte (a reasoning model thinking) counts as idle. While a request is open, an extension API call
 * every 20 s resets the idle timer on purpose. The hold is released when the last request ends.
 */
export class KeepAlive {
  private holders = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly ping: () => Promise<unknown> = pingExtensionApi, private readonly intervalMs = 20_000) {}

  acquire(): () => void {
    this.holders++;
    this.timer ??= setInterval(() => void this.ping().catch(() => undefined), this.intervalMs);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders--;
      if (this.holders === 0 && this.timer !== undefined) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  get active(): number {
    return this.holders;
  }
}
