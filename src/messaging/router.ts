import { phrase } from '@/src/shared/i18n/text';
import { AppError, toSafeError } from '@/src/shared/errors';
import { Envelope, isMessageType, protocol, type MessageType, type Reply, type RequestOf, type ResponseOf, type SenderKind } from './protocol';
import { classifySender, type ExtensionIdentity, type SenderInfo } from './sender';

export interface HandlerContext {
  sender: SenderKind;
  tabId?: number;
  /** The sender's URL as the browser reports it (for a content script: its page). */
  url?: string;
}

export type Handlers = {
  [T in MessageType]: (payload: RequestOf<T>, context: HandlerContext) => Promise<ResponseOf<T>>;
};

function refuse(error: AppError): Reply<never> {
  return { ok: false, error: error.toShape() };
}

/**
 * The background's single entry for runtime messages: checks the envelope, the sender and the
 * payload before any handler runs, and strips anything a response schema does not declare.
 */
export function createRouter(handlers: Handlers, self: ExtensionIdentity) {
  return async function route(message: unknown, sender: SenderInfo & { tab?: { id?: number } }): Promise<Reply<unknown>> {
    const envelope = Envelope.safeParse(message);
    if (!envelope.success) return refuse(new AppError('BAD_REQUEST', phrase('error_notUnderstood')));
    const { type, payload } = envelope.data;
    if (!isMessageType(type)) return refuse(new AppError('UNKNOWN_MESSAGE', phrase('error_unknownRequest')));
    const spec = protocol[type];
    const kind = classifySender(sender, self);
    if (kind === 'foreign' || kind === 'unknown' || !(spec.allowedFrom as readonly SenderKind[]).includes(kind)) {
      return refuse(new AppError('FORBIDDEN_SENDER', phrase('error_forbiddenSender')));
    }
    const request = spec.request.safeParse(payload);
    if (!request.success) return refuse(new AppError('BAD_REQUEST', phrase('error_invalidFields')));
    try {
      const handler = handlers[type] as (payload: unknown, context: HandlerContext) => Promise<unknown>;
      const context: HandlerContext = {
        sender: kind,
        ...(sender.tab?.id === undefined ? {} : { tabId: sender.tab.id }),
        ...(sender.url === undefined ? {} : { url: sender.url }),
      };
      const result = await handler(request.data, context);
      return { ok: true, data: spec.response.parse(result) };
    } catch (error) {
      return { ok: false, error: toSafeError(error) };
    }
  };
}
