/** The chat shared by the popup and the side panel. */
export { Chat } from './Chat';
export type { ChatProps, MessageContext } from './types';
export { RecentConversations } from './RecentConversations';
export { useLastConversation, RESUME_WITHIN_MS } from './use-last-conversation';
export type { AddAttachments } from './use-attachments';
