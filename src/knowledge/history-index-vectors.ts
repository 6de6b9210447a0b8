import { deleteVectorsWithPrefix } from './vector-store';

/**
 * How the history's vectors are named: one per piece of a message, `${conversationId}/${messageId}#${piece}` (the conversation id URI-encoded: it holds no `/`),
 * so a search hit names its conversation, and a conversation's vectors are one key range per model.
 */
export function historySourceId(conversationId: string, messageId: string, piece: number): string {
  return `${encodeURIComponent(conversationId)}/${messageId}#${piece}`;
}

/** The conversation a history vector belongs to. */
export function conversationOf(sourceId: string): string {
  return decodeURIComponent(sourceId.slice(0, sourceId.indexOf('/')));
}

/** Deletes every vector of a conversation (every model): called by the history when the conversation is deleted. */
export async function deleteConversationVectors(conversationId: string): Promise<void> {
  await deleteVectorsWithPrefix('history', `${encodeURIComponent(conversationId)}/`);
}

/** Deletes the vectors of some messages of a conversation (every model): an edit or a regenerate removed them. */
export async function deleteMessageVectors(conversationId: string, messageIds: readonly string[]): Promise<void> {
  for (const messageId of messageIds) await deleteVectorsWithPrefix('history', `${encodeURIComponent(conversationId)}/${messageId}#`);
}
