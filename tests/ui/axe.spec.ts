import { test, expect } from './fixtures/test';
import { formatFindings, isBlocking, runAxe } from './fixtures/axe';
import { SCHEMES, SURFACES, showAs, walkStates, type SurfaceName } from './fixtures/states';

/**
 * Issue 14: no serious or critical axe-core violation on any page or state, in light and dark
 * (contrast included). The same states as the layout test, each checked once per colour scheme at
 * one width; the test fails at the end with every blocking finding; the lesser ones are attached.
 */
for (const name of ['options', 'popup', 'sidepanel'] as const satisfies readonly SurfaceName[]) {
  test(`${name}: no serious or critical axe violation in any state, light and dark`, async ({ ext, mock, pages }) => {
    const surface = SURFACES[name];
    const failures: string[] = [];
    await walkStates(name, { ext, mock, pages }, async (page, state) => {
      for (const scheme of SCHEMES) {
        await showAs(page, surface.axeWidth, surface.height, scheme);
        const findings = await runAxe(page);
        const where = `${name} ${state.name} ${scheme}`;
        if (findings.length) await test.info().attach(`axe ${where}`, { body: formatFindings(findings), contentType: 'text/plain' });
        const blocking = findings.filter(isBlocking);
        if (blocking.length) failures.push(`${where}:\n${formatFindings(blocking)}`);
      }
    });
    expect(failures.length, `${failures.length} page states with serious or critical axe violations:\n${failures.join('\n')}\n`).toBe(0);
  });
}
