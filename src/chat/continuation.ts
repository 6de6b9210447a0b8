import type { PortChatMessage } from './port-protocol';

export const CONTINUE_INSTRUCTION = 'Continue exactly where your previous answer stopped. Do not repeat anything you already wrote.';

/**
 * The messages that ask a model to continue a cut-off answer: the conversation, the partial answer
 * as the assistant's turn, then a short instruction. The continuation is appended to the partial
 * text by the caller, so nothing already received is lost or shown twice.
 */
export function continuationMessages(conversation: readonly PortChatMessage[], partialAnswer: string): PortChatMessage[] {
  return [...conversation, { role: 'assistant', content: partialAnswer }, { role: 'user', content: CONTINUE_INSTRUCTION }];
}
