import { vi, type Mock } from 'vitest';
import type { AnswerRecord } from '@/src/chat/answer-record';
import type { ChatHandlers, ChatSession } from '@/src/chat/chat-client';
import type { ChatTarget } from '@/src/chat/port-protocol';
import type { ConversationSummary, HistoryMessage, HistoryStore, MessageContext, UserMessage } from '@/src/history';
import type { ChatMessage } from '@/src/providers/types';

/** An in-memory HistoryStore with the methods the chat uses, each a spy. */
export interface FakeConversation {
  summary: ConversationSummary;
  systemPrompt?: string;
  lastTargets?: ChatTarget[];
  messages: HistoryMessage[];
}

export function createFakeHistory() {
  const conversations = new Map<string, FakeConversation>();
  let next = 0;
  let clock = 1_700_000_000_000;
  const tick = () => ++clock;

  const require = (id: string) => {
    const found = conversations.get(id);
    if (!found) throw new Error(`no conversation ${id}`);
    return found;
  };

  const store = {
    createConversation: vi.fn(async (input: { id?: string; title?: string; systemPrompt?: string }) => {
      const at = tick();
      const summary: ConversationSummary = { id: input.id ?? `conv-${++next}`, title: input.title ?? 'New conversation', createdAt: at, updatedAt: at, messageCount: 0, preview: '' };
      conversations.set(summary.id, { summary, messages: [], ...(input.systemPrompt !== undefined ? { systemPrompt: input.systemPrompt } : {}) });
      return { ...summary };
    }),
    addUserMessage: vi.fn(async (conversationId: string, input: { id?: string; startedAt?: number; text: string; context?: MessageContext }) => {
      const conversation = require(conversationId);
      const message: UserMessage = { id: input.id ?? `msg-${++next}`, conversationId, role: 'user', text: input.text, startedAt: input.startedAt ?? tick() };
      if (input.context) message.context = input.context;
      conversation.messages.push(message);
      conversation.summary.updatedAt = message.startedAt;
      return message;
    }),
    truncateAfter: vi.fn(async (conversationId: string, messageId: string, inclusive: boolean) => {
      const conversation = require(conversationId);
      const at = conversation.messages.findIndex((message) => message.id === messageId);
      if (at < 0) throw new Error('not found');
      conversation.messages = conversation.messages.slice(0, inclusive ? at : at + 1);
    }),
    listConversations: vi.fn(async ({ limit = 100, offset = 0 }: { limit?: number; offset?: number } = {}) =>
      [...conversations.values()]
        .map((conversation) => ({ ...conversation.summary }))
        .sort((a, b) => b.updatedAt - a.updatedAt)
        .slice(offset, offset + limit),
    ),
    countConversations: vi.fn(async () => conversations.size),
    lastConversation: vi.fn(async () => {
      const [last] = await store.listConversations({ limit: 1 });
      return last;
    }),
    getConversation: vi.fn(async (id: string) => {
      const conversation = conversations.get(id);
      if (!conversation) return undefined;
      const details: ConversationSummary & { systemPrompt?: string; lastTargets?: ChatTarget[] } = { ...conversation.summary };
      if (conversation.systemPrompt !== undefined) details.systemPrompt = conversation.systemPrompt;
      if (conversation.lastTargets) details.lastTargets = conversation.lastTargets;
      return { conversation: details, messages: conversation.messages.map((message) => ({ ...message })), damaged: 0 };
    }),
    setLastTargets: vi.fn(async (id: string, targets: ChatTarget[]) => {
      require(id).lastTargets = targets;
    }),
    touch: vi.fn(async (_id: string) => undefined),
    rename: vi.fn(),
    deleteConversation: vi.fn(),
    search: vi.fn(async () => []),
    exportMarkdown: vi.fn(),
    exportJson: vi.fn(),
    importJson: vi.fn(),
    reindexStale: vi.fn(async () => 0),
    damagedRows: vi.fn(() => ({ conversations: [], messages: [] })),
  };

  return {
    store: store as unknown as HistoryStore & typeof store,
    conversations,
    /** Adds a conversation directly, as an earlier page (or the worker) left it. */
    seed(conversation: { id: string; title?: string; updatedAt?: number; systemPrompt?: string; lastTargets?: ChatTarget[]; messages?: HistoryMessage[] }) {
      const at = conversation.updatedAt ?? tick();
      const summary: ConversationSummary = {
        id: conversation.id,
        title: conversation.title ?? 'Seeded',
        createdAt: at,
        updatedAt: at,
        messageCount: conversation.messages?.length ?? 0,
        preview: '',
      };
      const entry: FakeConversation = { summary, messages: conversation.messages ?? [] };
      if (conversation.systemPrompt !== undefined) entry.systemPrompt = conversation.systemPrompt;
      if (conversation.lastTargets) entry.lastTargets = conversation.lastTargets;
      conversations.set(conversation.id, entry);
    },
  };
}

export type FakeHistory = ReturnType<typeof createFakeHistory>;

/** One startChat/attachChat call: what was asked and a way to play the background's side. */
export interface FakeStream {
  kind: 'start' | 'attach';
  request?: { requestId?: string; targets: ChatTarget[]; messages: ChatMessage[]; conversationId?: string; confirmCost?: boolean };
  requestId: string;
  handlers: ChatHandlers;
  session: ChatSession & { stop: Mock; close: Mock; confirm: Mock; cancel: Mock };
}

let requestCounter = 0;

export function installChatClient(startChat: unknown, attachChat: unknown): FakeStream[] {
  const streams: FakeStream[] = [];
  const makeSession = (requestId: string) => ({ requestId, stop: vi.fn(), close: vi.fn(), confirm: vi.fn(), cancel: vi.fn() });
  (startChat as Mock).mockReset().mockImplementation((request: FakeStream['request'], handlers: ChatHandlers) => {
    const requestId = request?.requestId ?? `request-${++requestCounter}`;
    const session = makeSession(requestId);
    streams.push({ kind: 'start', request: request!, requestId, handlers, session });
    return session;
  });
  (attachChat as Mock).mockReset().mockImplementation((requestId: string, handlers: ChatHandlers) => {
    const session = makeSession(requestId);
    streams.push({ kind: 'attach', requestId, handlers, session });
    return session;
  });
  return streams;
}

export function answer(overrides: Partial<AnswerRecord> & { id: string }): AnswerRecord {
  return {
    conversationId: null,
    role: 'assistant',
    status: 'complete',
    text: '',
    reasoning: '',
    fellBackFrom: [],
    startedAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}
