import type { CDPSession } from '@playwright/test';
import { waitFor } from '../../e2e/fixtures/worker';

interface ExecutionContext {
  id: number;
  origin: string;
  name: string;
  auxData?: { type?: string; isDefault?: boolean; frameId?: string };
}

/** Every JavaScript world of a page and its same-process frames, as CDP reports them. */
export class PageWorlds {
  private readonly contexts: ExecutionContext[] = [];

  private constructor(private readonly cdp: CDPSession) {
    cdp.on('Runtime.executionContextCreated', ({ context }: { context: ExecutionContext }) => this.contexts.push(context));
  }

  static async attach(cdp: CDPSession): Promise<PageWorlds> {
    const worlds = new PageWorlds(cdp);
    await cdp.send('Runtime.enable');
    return worlds;
  }

  /** Our extension's isolated worlds (our content script), with the frame each lives in. */
  extensionWorlds(extensionId: string): ExecutionContext[] {
    return this.contexts.filter((context) => context.auxData?.type === 'isolated' && context.origin === `chrome-extension://${extensionId}`);
  }

  /** The id of the world our content script runs in, in the frame `frameId`. */
  async contentScriptWorld(extensionId: string, frameId: string): Promise<number> {
    const find = () => this.extensionWorlds(extensionId).find((context) => context.auxData?.frameId === frameId);
    await waitFor(() => find() !== undefined, 10_000, 'the content script world');
    return (find() as ExecutionContext).id;
  }

  /** Runs `fn(arg)` in a world and returns its JSON result. */
  async run<A, R>(contextId: number, fn: (arg: A) => Promise<R>, arg: A): Promise<R> {
    const { result, exceptionDetails } = (await this.cdp.send('Runtime.callFunctionOn', {
      functionDeclaration: fn.toString(),
      executionContextId: contextId,
      arguments: [{ value: arg }],
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value?: unknown }; exceptionDetails?: { text?: string; exception?: { description?: string } } };
    if (exceptionDetails) throw new Error(`In the content script: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value as R;
  }
}

export interface FrameNode {
  frame: { id: string; url: string };
  childFrames?: FrameNode[];
}

/** The main frame's id and its direct children, from `Page.getFrameTree`. */
export async function frameTree(cdp: CDPSession): Promise<FrameNode> {
  const { frameTree: tree } = (await cdp.send('Page.getFrameTree')) as { frameTree: FrameNode };
  return tree;
}
