import type { ChatTarget } from '@/src/chat/port-protocol';
import { newId } from '@/src/history/ids';
import { clip, plainText } from '@/src/history/text';
import type { ChatStartRequest } from '@/src/ui/chat/types';
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
 * A selection action as a question the side panel's chat starts: a new conversation titled by the
 * action, with the selection attached. It goes the way a typed question goes (the same port, the
 * same cost confirmation, the question saved beside the answer).
 */
export function selectionRequest(run: SelectionRun, onStarted: (started: boolean) => void): ChatStartRequest {
  return {
    id: newId(),
    text: run.text,
    title: selectionTitle(run.label, run.context),
    targets: run.targets,
    context: run.context,
    ...(run.systemPrompt ? { systemPrompt: run.systemPrompt } : {}),
    onStarted,
  };
}
