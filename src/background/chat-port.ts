import { phrase } from '@/src/shared/i18n/text';
import type { Port } from '@/src/platform/messaging';
import { CHAT_PORT_NAME, ClientMessage, type ServerMessage } from '@/src/chat/port-protocol';
import { classifySender, type ExtensionIdentity } from '@/src/messaging/sender';
import type { Services } from './services';

/**
 * The chat port: pages stream answers over a long-lived `runtime.Port`. Only our own pages may
 * open one; every message on it is validated. Closing the page does not stop the answer: it
 * keeps streaming into the saved record, so a reopened popup finds it.
 */
export function handleChatPort(port: Port, services: Services, self: ExtensionIdentity): void {
  if (port.name !== CHAT_PORT_NAME || classifySender(port.sender ?? {}, self) !== 'extension-page') {
    port.disconnect();
    return;
  }
  const requestIds = new Set<string>();
  let connected = true;
  const subscriber = {
    post(message: ServerMessage) {
      if (connected) port.postMessage(message);
    },
  };
  port.onMessage.addListener((raw: unknown) => {
    const parsed = ClientMessage.safeParse(raw);
    if (!parsed.success) {
      subscriber.post({ type: 'error', error: { kind: 'invalid-request', phrase: phrase('answer_notUnderstood'), retryable: false } });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'start':
        requestIds.add(message.requestId);
        // Sending counts as activity; pushing the deadline need not delay the request.
        void services.touch().catch(() => undefined);
        // After this worker's first sync of the local servers' rules (a browser restart empties them).
        void Promise.all([services.ready(), services.localOrigins.ready()]).then(() => services.chat.start(message, subscriber));
        break;
      case 'attach':
        requestIds.add(message.requestId);
        void services.ready().then(() => services.chat.attach(message.requestId, subscriber));
        break;
      case 'stop':
        for (const id of requestIds) services.chat.stop(id);
        break;
      case 'confirm':
      case 'cancel':
        // Only a request of this port that waits for the cost confirmation takes it.
        for (const id of requestIds) services.chat.decide(id, message.type);
        break;
    }
  });
  port.onDisconnect.addListener(() => {
    connected = false;
    services.chat.detach(subscriber);
  });
}
