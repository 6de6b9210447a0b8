import type { ReactNode } from 'react';
import type { ChatTarget } from '@/src/chat/port-protocol';
import type { MessageContext } from '@/src/history';
import type { MenuEntry } from '@/src/ui/shared/Menu';
import type { ChatSurface } from './last-targets';
import type { AddAttachments } from './use-attachments';

export type { MessageContext };

export interface ChatProps {
  /** The conversation to show; null (or absent) for a new chat. */
  conversationId?: string | null;
  /** Called when the chat creates a conversation (first message) or starts a new one (null). */
  onConversationChange?: (id: string | null) => void;
  /** Shown above the message box, e.g. a chip for the page attached to the next message. */
  contextSlot?: ReactNode;
  /** Called when a message is sent: the context (page text) to attach to it, if any. */
  onBeforeSend?: () => MessageContext | undefined;
  /** Focus the message box on open (popup, side panel). Default true. */
  autoFocus?: boolean;
  /** Where the chat is shown: the model chosen last there is what a new chat starts with. */
  surface?: ChatSurface;
  /** Called with the targets the picker shows whenever they change (undefined while none). */
  onTargetsChange?: (targets: readonly ChatTarget[] | undefined) => void;
  /** A question the page asks (a selection action): started once per id, as a new conversation. */
  request?: ChatStartRequest;
  /**
   * The attach menu's capture items ("Capture this tab", "Capture a region"), after "Attach
   * files…": each adds what it captured with `addAttachments(files, 'tab' | 'region')`.
   */
  attachMenuItems?: (addAttachments: AddAttachments) => readonly MenuEntry[];
}

export interface ChatStartRequest {
  id: string;
  text: string;
  /** The new conversation's title. */
  title: string;
  targets: ChatTarget[];
  context?: MessageContext;
  systemPrompt?: string;
  /** Whether it started: false when another start or history change was under way. */
  onStarted?: (started: boolean) => void;
}
