import { test, expect } from './fixtures/test';
import { findLayoutProblems } from './fixtures/layout-checks';
import { SCHEMES, SURFACES, showAs, walkStates, type SurfaceName } from './fixtures/states';

/**
 * Issue 14, "Layouts that hold": every page and state at each width its surface supports, in light
 * and dark, with no text laid out narrower than a few characters, no sideways scroll outside code
 * blocks and tables, and (where the chat shows) a conversation at least 65% of the height.
 * The checks themselves are in fixtures/layout-checks.ts. One browser per page: each state is
 * reached once and looked at in every size and scheme; the test fails at the end with every problem
 * found, named by state, width and scheme.
 */
const CONVERSATION_SHARE = 0.65;

for (const name of ['options', 'popup', 'sidepanel'] as const satisfies readonly SurfaceName[]) {
  test(`${name}: every state holds its layout at ${SURFACES[name].widths.join(', ')} px, light and dark`, async ({ ext, mock, pages }) => {
    const surface = SURFACES[name];
    const failures: string[] = [];
    await walkStates(name, { ext, mock, pages }, async (page, state) => {
      for (const scheme of SCHEMES) {
        for (const width of surface.widths) {
          await showAs(page, width, surface.height, scheme);
          const problems = await page.evaluate(findLayoutProblems, state.chat ? { minConversationShare: CONVERSATION_SHARE } : {});
          if (problems.length) failures.push(`${name} ${state.name} at ${width}x${surface.height} ${scheme}:\n  ${problems.join('\n  ')}`);
        }
      }
    });
    expect(failures.length, `${failures.length} page states with layout problems:\n${failures.join('\n')}\n`).toBe(0);
  });
}
