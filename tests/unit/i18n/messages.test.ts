import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { englishMessages } from '../helpers/i18n-fake';
import { strings } from '@/src/ui/strings';

const root = join(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.gen.ts') ? [path] : [];
  });
}

const code = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'entrypoints')), join(root, 'wxt.config.ts')]
  .map((path) => readFileSync(path, 'utf8'))
  .join('\n');
const names = Object.keys(englishMessages);
const has = (name: string) => names.some((candidate) => candidate.toLowerCase() === name.toLowerCase());

describe('the messages file (public/_locales/en/messages.json)', () => {
  it('matches its generated list of names and substitutions (src/shared/i18n/messages.gen.ts)', () => {
    // Throws with the script's output when the generated file is stale or the messages file is malformed.
    expect(() => execFileSync(process.execPath, [join(root, 'scripts/gen-messages.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('has every message the code and the manifest name', () => {
    const used = new Set<string>();
    for (const [, name] of code.matchAll(/\b(?:t|plural)\(\s*'([A-Za-z0-9_]+)'/g)) used.add(name as string);
    for (const [, name] of code.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) used.add(name as string);
    for (const [, name] of code.matchAll(/'(toolbar_[A-Za-z0-9_]+)'/g)) used.add(name as string);
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((name) => !has(name) && !has(`${name}_other`));
    expect(missing).toEqual([]);
  });

  it('has no message that nothing uses', () => {
    const unused = names.filter((name) => {
      if (name === 'meta_language') return false;
      const base = /^(.+)_(zero|one|two|few|many|other)$/.exec(name)?.[1];
      return !code.includes(`'${name}'`) && !code.includes(`__MSG_${name}__`) && !(base !== undefined && code.includes(`'${base}'`));
    });
    expect(unused).toEqual([]);
  });
});

describe('the UI text facade (src/ui/strings.ts)', () => {
  it('reads a real message for every fixed text: never an empty string or a message name', () => {
    const problems: string[] = [];
    const visit = (value: unknown, path: string) => {
      if (typeof value === 'function') return;
      if (typeof value === 'string') {
        if (value === '' || has(value)) problems.push(`${path} = ${JSON.stringify(value)}`);
        return;
      }
      for (const [key, inner] of Object.entries(value as object)) visit(inner, `${path}.${key}`);
    };
    visit(strings, 'strings');
    expect(problems).toEqual([]);
  });
});
