import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnswerError, AnswerRecord } from '@/src/chat/answer-record';
import { attachChat, startChat, type ChatHandlers, type ChatSession } from '@/src/chat/chat-client';
import { continuationMessages } from '@/src/chat/continuation';
import type { ChatTarget, ServerMessage } from '@/src/chat/port-protocol';
import type { MessageContext, UserMessage } from '@/src/history';
import type { KnowledgeContext } from '@/src/knowledge/collection-context';
import { newId } from '@/src/history/ids';
import type { BudgetEstimate } from '@/src/budget/schemas';
import type { PortChatMessage } from '@/src/chat/port-protocol';
import { AppError } from '@/src/shared/errors';
import { strings } from '@/src/ui/strings';
import { renderPhrase } from '@/src/shared/i18n/text';
import { answerItem, itemsFromHistory, pendingRecord, questionIndexOf, type AnswerItem, type AnswerProgress, type ChatItem, type UserItem } from './chat-items';
import { buildMessages } from './conversation-messages';
import type { ReadAttachment } from '@/src/attachments/read-attachment';
import { history } from './history-store';
import { providerName } from './provider-name';

export interface UseChatOptions {
  /** The conversation to show; null for a new chat. Changing it loads that conversation. */
  conversationId: string | null;
  onConversationChange?: (id: string | null) => void;
  /** An answer failed because the vault is locked. */
  onVaultLocked?: () => void;
}

export interface SendOptions {
  systemPrompt?: string;
  context?: MessageContext;
  /** Starts a new conversation with this title, whatever is shown (a selection action). */
  newConversation?: { title: string };
  /** Files read in the page, sent with the question (saved with it before the answer starts). */
  attachments?: ReadAttachment[];
  /** Excerpts of the collections attached to the question (retrieved in the page: src/knowledge/collection-retrieve.ts). */
  knowledge?: KnowledgeContext;
}

/** The question's files could not be saved: nothing was sent, the composer keeps text and chips. */
class FilesNotSaved extends Error {}


/** The background asks before a large request, or one reaching a budget (CostConfirm shows it). */
export interface CostConfirmation {
  answerId: string;
  estimate: BudgetEstimate;
}

export interface ChatController {
  conversationId: string | null;
  items: ChatItem[];
  /** The loaded conversation's system prompt (fixed once it exists). */
  systemPrompt: string | undefined;
  /** The models the loaded conversation used last. */
  lastTargets: ChatTarget[] | undefined;
  loading: boolean;
  /** Messages of this conversation that could not be read. */
  damaged: number;
  /** An answer is streaming (Stop applies). */
  streaming: boolean;
  /** A history write or a start is under way. */
  busy: boolean;
  error: string | undefined;
  /** Set while the background waits for the user's word on the cost of the answer being started. */
  confirmation: CostConfirmation | undefined;
  /** The user's word: send it (after any budget override), or not (the answer ends as not sent). */
  confirm(): void;
  cancel(): void;
  send(text: string, targets: ChatTarget[], options?: SendOptions): Promise<boolean>;
  stop(): void;
  regenerate(targets: ChatTarget[]): Promise<void>;
  edit(messageId: string, text: string, targets: ChatTarget[]): Promise<void>;
  continueAnswer(answerId: string, targets: ChatTarget[]): Promise<void>;
  retry(answerId: string, targets: ChatTarget[]): Promise<void>;
  newChat(): void;
}

interface Loaded {
  conversationId: string | null;
  items: ChatItem[];
  systemPrompt: string | undefined;
  lastTargets: ChatTarget[] | undefined;
  damaged: number;
}

const EMPTY: Loaded = { conversationId: null, items: [], systemPrompt: undefined, lastTargets: undefined, damaged: 0 };

function interrupted(record: AnswerRecord, text: string): AnswerRecord {
  const error: AnswerError = { kind: 'interrupted', message: strings.chat.interruptedMessage, retryable: true };
  return { ...record, text, status: 'interrupted', error, updatedAt: Date.now() };
}

function messageOf(caught: unknown): string {
  if (caught instanceof FilesNotSaved) return strings.chat.attach.notSaved;
  return caught instanceof AppError ? caught.message : strings.chat.historyFailed;
}

/**
 * One conversation: loading it from history, sending, streaming answers (re-attaching to one still
 * streaming), stop, regenerate, edit-and-resend, continue and retry. The page writes questions to
 * history; the background writes answers while they stream.
 */
export function useChat({ conversationId, onConversationChange, onVaultLocked }: UseChatOptions): ChatController {
  const [state, setState] = useState<Loaded>(EMPTY);
  const [loading, setLoading] = useState(false);
  const [streaming, setStreaming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [confirmation, setConfirmation] = useState<CostConfirmation | undefined>();
  const stateRef = useRef(state);
  /** History writes of questions, in order: they run beside the answers, never in front of them. */
  const savingRef = useRef<Promise<void>>(Promise.resolve());
  const sessionRef = useRef<ChatSession | null>(null);
  const busyRef = useRef(false);
  const callbacks = useRef({ onConversationChange, onVaultLocked });
  useEffect(() => {
    callbacks.current = { onConversationChange, onVaultLocked };
  });

  const commit = useCallback((next: Loaded) => {
    stateRef.current = next;
    setState(next);
  }, []);

  const updateAnswer = useCallback(
    (id: string, update: (item: AnswerItem) => AnswerItem) => {
      const current = stateRef.current;
      commit({ ...current, items: current.items.map((item) => (item.kind === 'answer' && item.id === id ? update(item) : item)) });
    },
    [commit],
  );

  const findAnswer = (id: string): AnswerItem | undefined =>
    stateRef.current.items.find((item): item is AnswerItem => item.kind === 'answer' && item.id === id);

  const closeSession = useCallback(() => {
    sessionRef.current?.close();
    sessionRef.current = null;
    setStreaming(false);
    setConfirmation(undefined);
  }, []);

  /** Queues a history write behind the earlier ones; a failure is shown, and the next write still runs. */
  const save = useCallback((work: () => Promise<void>) => {
    const next = savingRef.current.then(work);
    savingRef.current = next.catch(() => undefined);
    next.catch(() => setError(strings.chat.questionNotSaved));
  }, []);

  /** Handlers for one answer; they go quiet once another session replaces it. */
  const handlersFor = useCallback(
    (session: { id: string; conversationId: string; current: () => boolean }): ChatHandlers => {
      const finish = (record: AnswerRecord) => {
        const item = findAnswer(session.id);
        if (item) {
          item.text.finish(record.text);
          item.reasoning.finish(record.reasoning);
        }
        updateAnswer(session.id, (answer) => {
          const next: AnswerItem = { ...answer, record };
          delete next.progress;
          return next;
        });
        sessionRef.current?.close();
        sessionRef.current = null;
        setStreaming(false);
        setConfirmation(undefined);
        // After the question's save: its conversation may not have been written yet.
        void savingRef.current
          .then(() => history().touch(session.conversationId))
          .catch(() => undefined);
        if (record.error?.kind === 'VAULT_LOCKED') callbacks.current.onVaultLocked?.();
      };
      const progress = (update: AnswerProgress) => updateAnswer(session.id, (answer) => ({ ...answer, progress: { ...answer.progress, ...update } }));
      return {
        onMessage(message: ServerMessage) {
          if (!session.current()) return;
          const item = findAnswer(session.id);
          switch (message.type) {
            case 'snapshot':
              if (message.answer.status !== 'streaming') {
                finish(message.answer);
                return;
              }
              item?.text.replace(message.answer.text, false);
              item?.reasoning.replace(message.answer.reasoning, false);
              updateAnswer(session.id, (answer) => ({ ...answer, record: message.answer }));
              return;
            case 'target':
              progress({ current: `${message.model} (${providerName(message.provider)})` });
              return;
            case 'fallback':
              progress({ note: `${message.model} (${providerName(message.provider)}): ${renderPhrase(message.reason)}` });
              return;
            case 'retry':
              progress({ note: strings.chat.retrying(Math.ceil(message.delayMs / 1000), message.attempt) });
              return;
            case 'confirm':
              setConfirmation({ answerId: session.id, estimate: message.estimate });
              return;
            case 'budget': {
              const notices = message.notices;
              updateAnswer(session.id, (answer) => ({ ...answer, budget: notices }));
              return;
            }
            case 'delta':
              item?.text.append(message.text);
              item?.reasoning.append(message.reasoning);
              return;
            case 'done':
              finish(message.answer);
              return;
            case 'error': {
              const base = message.answer ?? item?.record ?? pendingRecord(session.id, session.conversationId);
              finish({ ...base, status: base.status === 'streaming' ? 'failed' : base.status, error: message.error, text: base.text || (item?.text.text() ?? '') });
              return;
            }
          }
        },
        onDisconnect(answer: AnswerRecord | null) {
          if (!session.current()) return;
          const item = findAnswer(session.id);
          const record = answer ?? item?.record ?? pendingRecord(session.id, session.conversationId);
          const text = answer?.text ?? item?.text.text() ?? '';
          finish(record.status === 'streaming' ? interrupted(record, text) : record);
        },
      };
    },
    [updateAnswer],
  );

  const follow = useCallback(
    (open: (handlers: ChatHandlers) => ChatSession, id: string, conversation: string) => {
      const marker: { session: ChatSession | null } = { session: null };
      const handlers = handlersFor({ id, conversationId: conversation, current: () => sessionRef.current === marker.session && marker.session !== null });
      const session = open(handlers);
      marker.session = session;
      sessionRef.current = session;
      setStreaming(true);
      return session;
    },
    [handlersFor],
  );

  /** Starts an answer and shows it at the end of `items`. */
  const start = useCallback(
    (conversation: string, items: ChatItem[], messages: PortChatMessage[], targets: ChatTarget[], continued: boolean) => {
      // The answer's id is made here: the port opens at once, whatever history writes are still under way.
      const requestId = newId();
      const marker: { session: ChatSession | null } = { session: null };
      const handlers = handlersFor({ id: requestId, conversationId: conversation, current: () => sessionRef.current === marker.session && marker.session !== null });
      const session = startChat({ requestId, targets, messages, conversationId: conversation, confirmCost: true }, handlers);
      marker.session = session;
      sessionRef.current = session;
      setStreaming(true);
      const answer = answerItem(pendingRecord(requestId, conversation), continued);
      commit({ ...stateRef.current, conversationId: conversation, items: [...items, answer] });
    },
    [commit, handlersFor],
  );

  /** A load was started and has not finished (StrictMode runs effects twice: the second run redoes it). */
  const loadingRef = useRef(false);

  // Load the conversation asked for (unless it is the one already shown, such as one just created).
  useEffect(() => {
    if (conversationId === stateRef.current.conversationId && !loadingRef.current) return;
    closeSession();
    setError(undefined);
    if (conversationId === null) {
      loadingRef.current = false;
      commit(EMPTY);
      setLoading(false);
      return;
    }
    let live = true;
    loadingRef.current = true;
    commit({ ...EMPTY, conversationId });
    setLoading(true);
    history()
      .getConversation(conversationId)
      .then((found) => {
        if (!live) return;
        loadingRef.current = false;
        setLoading(false);
        if (!found) {
          commit(EMPTY);
          setError(strings.chat.historyFailed);
          callbacks.current.onConversationChange?.(null);
          return;
        }
        const items = itemsFromHistory(found.messages);
        commit({
          conversationId,
          items,
          systemPrompt: found.conversation.systemPrompt,
          lastTargets: found.conversation.lastTargets,
          damaged: found.damaged,
        });
        const last = items[items.length - 1];
        if (last?.kind === 'answer' && last.record.status === 'streaming') {
          follow((handlers) => attachChat(last.id, handlers), last.id, conversationId);
        }
      })
      .catch((caught: unknown) => {
        if (!live) return;
        loadingRef.current = false;
        setLoading(false);
        setError(messageOf(caught));
      });
    return () => {
      live = false;
    };
  }, [conversationId, closeSession, commit, follow]);

  // Leaving the page does not stop the answer: the background keeps streaming and saving it.
  useEffect(() => () => sessionRef.current?.close(), []);

  /** Runs one history change at a time; false when one is already running or an answer streams. */
  const exclusive = useCallback(async (work: () => Promise<void>): Promise<boolean> => {
    if (busyRef.current || sessionRef.current) return false;
    busyRef.current = true;
    setBusy(true);
    setError(undefined);
    try {
      await work();
      return true;
    } catch (caught) {
      setError(messageOf(caught));
      return false;
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, []);

  /**
   * Sends a question: the answer starts at once (the ids are made here), and the question is saved
   * beside it. A failed save is shown; the background still writes the answer.
   */
  const send = useCallback(
    (text: string, targets: ChatTarget[], options: SendOptions = {}) => {
      // A new conversation leaves the answer shown to the background, which keeps streaming and saving it.
      if (options.newConversation && !busyRef.current) closeSession();
      return exclusive(async () => {
        const store = history();
        const current = stateRef.current;
        const fresh = current.conversationId === null || options.newConversation !== undefined;
        const id = fresh ? newId() : (current.conversationId as string);
        const systemPrompt = fresh ? options.systemPrompt : current.systemPrompt;
        const message: UserMessage = { id: newId(), conversationId: id, role: 'user', text, startedAt: Date.now() };
        if (options.context) message.context = options.context;
        if (options.knowledge) message.knowledge = options.knowledge;
        const files = options.attachments ?? [];
        const conversation = fresh ? { id, ...(options.newConversation ? { title: options.newConversation.title } : {}), ...(systemPrompt ? { systemPrompt } : {}) } : undefined;
        const question = { id: message.id, startedAt: message.startedAt, text, ...(options.context ? { context: options.context } : {}), ...(options.knowledge ? { knowledge: options.knowledge } : {}) };
        if (files.length > 0) {
          // Saved before the answer starts (the worker reads the files by id), after the writes
          // queued before it; when that fails nothing is shown or sent (the composer keeps all).
          message.attachments = files.map((file) => file.ref);
          await savingRef.current;
          const { saveWithFiles } = await import('./attachment-send').catch(() => {
            throw new FilesNotSaved();
          });
          await saveWithFiles(store, id, conversation, question, files).catch(() => {
            throw new FilesNotSaved();
          });
        }
        const items: ChatItem[] = [...(fresh ? [] : current.items), { kind: 'user', message } satisfies UserItem];
        if (fresh) {
          // A load still under way is superseded by this new conversation.
          loadingRef.current = false;
          setLoading(false);
          commit({ conversationId: id, items, systemPrompt, lastTargets: targets, damaged: 0 });
          callbacks.current.onConversationChange?.(id);
        } else commit({ ...current, items });
        start(id, items, buildMessages(systemPrompt, items), targets, false);
        save(async () => {
          if (files.length === 0) {
            if (conversation) await store.createConversation(conversation);
            await store.addUserMessage(id, question);
          }
          await store.setLastTargets(id, targets).catch(() => undefined);
        });
      });
    },
    [closeSession, commit, exclusive, save, start],
  );

  const regenerateFrom = useCallback(
    async (questionIndex: number, targets: ChatTarget[]) => {
      const { conversationId: id, items, systemPrompt } = stateRef.current;
      const question = items[questionIndex];
      if (id === null || question?.kind !== 'user') return;
      await savingRef.current;
      await history().truncateAfter(id, question.message.id, false);
      const kept = items.slice(0, questionIndex + 1);
      commit({ ...stateRef.current, items: kept });
      start(id, kept, buildMessages(systemPrompt, kept), targets, false);
    },
    [commit, start],
  );

  const continueAt = useCallback(
    (answerIndex: number, targets: ChatTarget[]) => {
      const { conversationId: id, items, systemPrompt } = stateRef.current;
      if (id === null) return;
      const question = questionIndexOf(items, answerIndex);
      const partial = items
        .slice(question + 1, answerIndex + 1)
        .map((item) => (item.kind === 'answer' ? item.text.text() : ''))
        .join('');
      const conversation = buildMessages(systemPrompt, items.slice(0, question + 1));
      start(id, items.slice(0, answerIndex + 1), continuationMessages(conversation, partial), targets, true);
    },
    [start],
  );

  const regenerate = useCallback(
    async (targets: ChatTarget[]) => {
      await exclusive(async () => {
        const { items } = stateRef.current;
        await regenerateFrom(questionIndexOf(items, items.length - 1), targets);
      });
    },
    [exclusive, regenerateFrom],
  );

  const edit = useCallback(
    async (messageId: string, text: string, targets: ChatTarget[]) => {
      await exclusive(async () => {
        const { conversationId: id, items, systemPrompt } = stateRef.current;
        const index = items.findIndex((item) => item.kind === 'user' && item.message.id === messageId);
        const original = items[index];
        if (id === null || original?.kind !== 'user') return;
        const store = history();
        await savingRef.current;
        await store.truncateAfter(id, messageId, true);
        const { context, knowledge, attachments } = original.message;
        const message: UserMessage = { id: newId(), conversationId: id, role: 'user', text, startedAt: Date.now() };
        if (context) message.context = context;
        // The edited question keeps the excerpts it was sent with: its answer cites them by the same numbers.
        if (knowledge) message.knowledge = knowledge;
        // The edited question keeps its files (truncateAfter left them for it): sent again by id, then moved to the new message.
        if (attachments?.length) message.attachments = attachments;
        const kept: ChatItem[] = [...items.slice(0, index), { kind: 'user', message }];
        commit({ ...stateRef.current, items: kept });
        start(id, kept, buildMessages(systemPrompt, kept), targets, false);
        save(async () => void (await store.addUserMessage(id, { id: message.id, startedAt: message.startedAt, text, ...(context ? { context } : {}), ...(knowledge ? { knowledge } : {}), ...(attachments?.length ? { attachments } : {}) })));
      });
    },
    [commit, exclusive, save, start],
  );

  const continueAnswer = useCallback(
    async (answerId: string, targets: ChatTarget[]) => {
      await exclusive(async () => {
        const index = stateRef.current.items.findIndex((item) => item.kind === 'answer' && item.id === answerId);
        if (index >= 0) continueAt(index, targets);
      });
    },
    [continueAt, exclusive],
  );

  const retry = useCallback(
    async (answerId: string, targets: ChatTarget[]) => {
      await exclusive(async () => {
        const { conversationId: id, items } = stateRef.current;
        const index = items.findIndex((item) => item.kind === 'answer' && item.id === answerId);
        const before = items[index - 1];
        if (id === null || index < 0) return;
        if (before?.kind === 'answer') {
          // A failed continuation: drop it and continue the answer before it again.
          await savingRef.current;
          await history().truncateAfter(id, before.id, false);
          commit({ ...stateRef.current, items: items.slice(0, index) });
          continueAt(index - 1, targets);
          return;
        }
        await regenerateFrom(questionIndexOf(items, index), targets);
      });
    },
    [commit, continueAt, exclusive, regenerateFrom],
  );

  const stop = useCallback(() => sessionRef.current?.stop(), []);

  const confirm = useCallback(() => {
    setConfirmation(undefined);
    sessionRef.current?.confirm();
  }, []);

  const cancel = useCallback(() => {
    setConfirmation(undefined);
    sessionRef.current?.cancel();
  }, []);

  const newChat = useCallback(() => {
    closeSession();
    commit(EMPTY);
    setError(undefined);
    callbacks.current.onConversationChange?.(null);
  }, [closeSession, commit]);

  return { ...state, loading, streaming, busy, error, confirmation, confirm, cancel, send, stop, regenerate, edit, continueAnswer, retry, newChat };
}
