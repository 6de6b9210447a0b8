import { describe, expect, test } from 'vitest';
import { AnswerWriter } from '@/src/chat/answer-writer';
import { testHistory } from './helpers';

describe('history rows read as plain text', () => {
  test('the preview drops Markdown: emphasis, code ticks and fences, headings, lists, links', async () => {
    const { history, answers, clock } = testHistory();
    const { id } = await history.createConversation({});
    await history.addUserMessage(id, { text: 'Why does **`git rebase`** stop?\n\n```\nerror: could not apply 1a2b3c\n```' });
    const [asked] = await history.listConversations();
    expect(asked?.preview).toBe('Why does git rebase stop? error: could not apply 1a2b3c');

    const writer = new AnswerWriter({ id: 'answer-0001', conversationId: id, role: 'assistant', status: 'streaming', text: '', reasoning: '', fellBackFrom: [], startedAt: clock.now, updatedAt: clock.now }, answers, () => clock.now + 1);
    await writer.begin();
    writer.append('text', '## A conflict\n\n- The commit *changes* lines that [moved](https://git-scm.com/docs).\n- Run `git status`:\n\n```sh\ngit status\n```');
    await writer.finish({ status: 'complete' }, (answer) => ({ type: 'done', answer }));
    await history.touch(id);
    const [answered] = await history.listConversations();
    expect(answered?.preview).toBe('A conflict The commit changes lines that moved. Run git status: git status');
    // Plain arithmetic, snake_case names and tags written as text are not markup.
    await history.addUserMessage(id, { text: 'Is 2 * 3 * 4 in my_var_name of <div>?' });
    expect((await history.listConversations())[0]?.preview).toBe('Is 2 * 3 * 4 in my_var_name of <div>?');
  });
});
