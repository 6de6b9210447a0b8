import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from './fixtures/test';
import { REPO_ROOT } from '../e2e/fixtures/paths';
import { SCHEMES, SURFACES, showAs, walkStates, type SurfaceName } from './fixtures/states';

/**
 * `npm run screens`: a screenshot of every page and state (the states the layout and axe tests
 * walk) in light and dark, at 420, 800 and 1280 px where the page can be that wide: the popup
 * is at most 800 px and the side panel 700 px (shot at 700 instead of 800), the options page at
 * least 480 px (shot at 480 instead of 420). Viewport shots at the surface's height, as people see
 * them. Written to docs/screens/<page>-<state>-<width>-<scheme>.png with a README listing them.
 */
const SCREENS_DIR = path.join(REPO_ROOT, 'docs', 'screens');
const SHOT_WIDTHS: Record<SurfaceName, readonly number[]> = { popup: [420, 800], sidepanel: [420, 700], options: [480, 800, 1280] };
const TITLES: Record<SurfaceName, string> = { popup: 'Popup', sidepanel: 'Side panel', options: 'Options page' };
const SURFACE_ORDER = ['popup', 'sidepanel', 'options'] as const satisfies readonly SurfaceName[];

/** The states in the order they were walked (a run of one page lists the others' files by name). */
const walked = new Map<SurfaceName, string[]>();

for (const name of SURFACE_ORDER) {
  test(`screens of the ${name}`, async ({ ext, mock, pages }) => {
    const old = (await readdir(SCREENS_DIR).catch(() => [] as string[])).filter((file) => file.startsWith(`${name}-`) && file.endsWith('.png'));
    await Promise.all(old.map((file) => rm(path.join(SCREENS_DIR, file))));
    walked.set(name, []);
    await walkStates(name, { ext, mock, pages }, async (page, state) => {
      walked.get(name)?.push(state.name);
      for (const scheme of SCHEMES) {
        for (const width of SHOT_WIDTHS[name]) {
          await showAs(page, width, SURFACES[name].height, scheme);
          // The top of the page, as it opens (a click lower down may have scrolled it).
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: path.join(SCREENS_DIR, `${name}-${state.name}-${width}-${scheme}.png`), animations: 'disabled', caret: 'hide' });
        }
      }
    });
  });
}

test.afterAll(async () => {
  const files = (await readdir(SCREENS_DIR)).filter((file) => file.endsWith('.png')).sort();
  const lines = [
    '# Screenshots',
    '',
    'Every page of Keyward and every state the layout and accessibility tests check (tests/ui), in light and dark, written by',
    '`npm run screens` (tests/ui/screens.capture.ts). Widths: 420, 800 and 1280 px where the page can be that wide (popup 420',
    'and 800; side panel 420 and 700, its widest; options 480, its narrowest, 800 and 1280). Heights: popup 600, side panel 800,',
    'options 900. The data shown comes from the mock provider (tests/mock-provider).',
    '',
  ];
  for (const name of SURFACE_ORDER) {
    lines.push(`## ${TITLES[name]}`, '');
    const ofSurface = files.filter((file) => file.startsWith(`${name}-`));
    const states = walked.get(name) ?? [...new Set(ofSurface.map((file) => file.slice(name.length + 1).replace(/-\d+-(light|dark)\.png$/, '')))];
    for (const state of states) {
      const width = (file: string) => Number(/-(\d+)-(?:light|dark)\.png$/.exec(file)?.[1]);
      const shots = ofSurface
        .filter((file) => file.slice(name.length + 1).replace(/-\d+-(light|dark)\.png$/, '') === state)
        .sort((a, b) => width(a) - width(b) || Number(a.endsWith('-dark.png')) - Number(b.endsWith('-dark.png')));
      lines.push(`- ${state}: ${shots.map((file) => `[${file.replace(`${name}-${state}-`, '').replace('.png', '')}](${file})`).join(', ')}`);
    }
    lines.push('');
  }
  await writeFile(path.join(SCREENS_DIR, 'README.md'), lines.join('\n'));
});
