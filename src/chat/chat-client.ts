import { connectPort } from '@/src/platform/messaging';
import { send } from '@/src/messaging/client';
import type { AnswerRecord } from './answer-record';
import { CHAT_PORT_NAME, type ChatTarget, type ClientMessage, type PortChatMessage, type ServerMessage } from './port-protocol';

export interface ChatHandlers {
  onMessage(message: ServerMessage): void;
  /** The background went away mid-answer (worker restart): the saved record says what arrived. */
  onDisconnect(answer: AnswerRecord | null): void;
}

export interface ChatSession {
  requestId: string;
  stop(): void;
  /** The answer to a `confirm` from the background: send the request, or not. */
  confirm(): void;
  cancel(): void;
  close(): void;
}

function open(handlers: ChatHandlers, requestId: string, first: ClientMessage): ChatSession {
  const port = connectPort(CHAT_PORT_NAME);
  let finished = false;
  port.onMessage.addListener((message: unknown) => {
    const typed = message as ServerMessage;
    if (typed.type === 'done' || typed.type === 'error') finished = true;
    handlers.onMessage(typed);
  });
  port.onDisconnect.addListener(() => {
    if (finished) return;
    // Through the messaging client, like every message: a refusal or no answer counts as no record.
    void send('chat.answer', { id: requestId }).then(
      (answer) => handlers.onDisconnect(answer),
      () => handlers.onDisconnect(null),
    );
  });
  port.postMessage(first);
  return {
    requestId,
    stop: () => port.postMessage({ type: 'stop' } satisfies ClientMessage),
    confirm: () => port.postMessage({ type: 'confirm' } satisfies ClientMessage),
    cancel: () => port.postMessage({ type: 'cancel' } satisfies ClientMessage),
    close: () => {
      finished = true;
      port.disconnect();
    },
  };
}

export interface ChatRequest {
  /** The answer's id, made by the page so it can show the answer before the port opens; a new one when omitted. */
  requestId?: string;
  targets: ChatTarget[];
  /** The conversation as the model reads it; a user message names its attachments by id. */
  messages: PortChatMessage[];
  conversationId?: string;
  maxTokens?: number;
  temperature?: number;
  /** The page shows the cost confirmation when the background asks (see ServerMessage `confirm`). */
  confirmCost?: boolean;
}

/**
 * Starts streaming an answer from the background. Pages never see a key, only text and metadata.
 * With `conversationId`, the background saves the answer into that history conversation.
 */
export function startChat({ requestId = crypto.randomUUID(), ...request }: ChatRequest, handlers: ChatHandlers): ChatSession {
  return open(handlers, requestId, { type: 'start', requestId, ...request });
}

/** Follows an answer that is still streaming (or was saved) after the page was closed and reopened. */
export function attachChat(requestId: string, handlers: ChatHandlers): ChatSession {
  return open(handlers, requestId, { type: 'attach', requestId });
}
