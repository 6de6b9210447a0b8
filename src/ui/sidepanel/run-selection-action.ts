import { startChat } from '@/src/chat/chat-client';
import type { ChatTarget } from '@/src/chat/port-protocol';
import { clip, plainText } from '@/src/history/text';
import { buildMessages } from '@/src/ui/chat/conversation-messages';
import { history } from '@/src/ui/chat/history-store';
import { strings } from '@/src/ui/strings';
import type { PageContext } from './use-page-context';

export interface SelectionRun {
  /** The question as it appears in the conversation (the instruction). */
  text: string;
  /** The action as the user knows it ("Explain", a prompt's name): the start of the title. */
  label: string;
  context: PageContext;
  targets: ChatTarget[];
  systemPrompt?: string;
}

/** A selection this short names the conversation by itself; a longer one is named by its page. */
const SHORT_SELECTION = 60;

/**
 * The conversation's title: the action and what it was about, so that history rows tell the runs
 * apart (the instruction is the same for every run of an action). What it was about: the selected
 * text when it is short, else the page's title, else the start of the selection.
 */
export function selectionTitle(label: string, context: PageContext): string {
  const selected = plainText(context.text).replace(/\s+/gu, ' ').trim();
  const page = context.title.trim();
  const subject = selected.length <= SHORT_SELECTION || !page ? clip(selected, SHORT_SELECTION) : clip(page, SHORT_SELECTION);
  return strings.pageContext.selectionTitle(label, subject);
}

/**
 * Starts a selection action (from the browser's context menu) as a new conversation: saves the
 * question with the selection attached, asks the background for the answer, and resolves with the
 * conversation id once the background has saved the streaming answer, so the chat that opens the
 * conversation next follows the stream. The background keeps streaming after this port closes.
 */
export async function runSelectionAction(run: SelectionRun): Promise<string> {
  const store = history();
  const conversation = await store.createConversation({ title: selectionTitle(run.label, run.context), ...(run.systemPrompt ? { systemPrompt: run.systemPrompt } : {}) });
  const message = await store.addUserMessage(conversation.id, { text: run.text, context: run.context });
  await store.setLastTargets(conversation.id, run.targets).catch(() => undefined);
  const messages = buildMessages(run.systemPrompt, [{ kind: 'user', message }]);
  await new Promise<void>((resolve) => {
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      session.close();
      resolve();
    };
    // The first thing the background sends comes after it has saved the answer record.
    const session = startChat({ targets: run.targets, messages, conversationId: conversation.id }, { onMessage: done, onDisconnect: done });
    setTimeout(done, 10_000);
  });
  return conversation.id;
}
