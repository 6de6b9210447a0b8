import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * One owner per stored value: every `storage.local` (the local store) and `storage.session` key is
 * declared once, as an item of src/platform/storage-item.ts, in the module of the domain that owns
 * it; nothing else reaches storage but that layer, so no module can read or write a key by its
 * string. Read from the source (TypeScript's parser, so comments and strings are not mistaken for code).
 */

const ROOT = join(__dirname, '../../..');
const SCANNED = ['src', 'entrypoints'];
const PLATFORM = 'src/platform/';
const DEFINERS = new Set(['defineLocalItem', 'defineSessionItem', 'defineSessionItems']);
/** The store's raw handles: only the item layer (src/platform) may use them. */
const RAW_STORE = new Set(['localStore', 'indexedDbStore', 'setLocalStoreForTests']);
/** What the extension API is reached through: `browser`, `chrome`, `globalThis.chrome`, … */
const EXTENSION_API = /(^|\.)(browser|chrome)$/i;

interface Declaration {
  file: string;
  definer: string;
  /** The key (or, for a family, its prefix); undefined when it is not written as a string literal. */
  name: string | undefined;
}

interface Scan {
  declarations: Declaration[];
  /** `file: what` for each use of storage outside the item layer. */
  rawAccess: string[];
  /** Every string literal of each platform file. */
  platformStrings: Map<string, string[]>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function scan(): Scan {
  const result: Scan = { declarations: [], rawAccess: [], platformStrings: new Map() };
  for (const file of SCANNED.flatMap(sourceFiles)) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const inPlatform = file.startsWith(PLATFORM);
    const strings: string[] = [];
    const raw = (node: ts.Node, what: string) => {
      if (!inPlatform) result.rawAccess.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) strings.push(node.text);
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && DEFINERS.has(node.expression.text)) {
        const [first] = node.arguments;
        const name = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first.text : undefined;
        result.declarations.push({ file, definer: node.expression.text, name });
      }
      // localStore(), indexedDbStore(), … by name, and any import of them (an alias would hide the call).
      if (ts.isIdentifier(node) && RAW_STORE.has(node.text) && !ts.isPropertyAccessExpression(node.parent)) raw(node, node.text);
      // browser.storage / chrome.storage (not navigator.storage, the quota API), and `const { storage } = browser`.
      if (ts.isPropertyAccessExpression(node) && node.name.text === 'storage' && EXTENSION_API.test(node.expression.getText(source))) raw(node, node.getText(source));
      if (ts.isBindingElement(node) && (node.propertyName ?? node.name).getText(source) === 'storage' && ts.isVariableDeclaration(node.parent.parent)) {
        const from = node.parent.parent.initializer?.getText(source) ?? '';
        if (EXTENSION_API.test(from)) raw(node, `{ storage } = ${from}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    if (inPlatform) result.platformStrings.set(file, strings);
  }
  return result;
}

const { declarations, rawAccess, platformStrings } = scan();
const names = declarations.flatMap((declaration) => (declaration.name === undefined ? [] : [declaration.name]));
const families = declarations.filter((declaration) => declaration.definer === 'defineSessionItems' && declaration.name !== undefined).map((declaration) => `${declaration.name}:`);

describe('storage keys: declared once, read only through their item', () => {
  it('finds the declarations (the scan itself works)', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'settings',
        'spendSettings',
        'neverSendSites',
        'selectionToolbar',
        'translateLanguage',
        'promptLibrary',
        'lastTargets',
        'unlocked-session',
        'budget-overrides',
        'pendingPanelAction',
      ]),
    );
  });

  it('names every key with a string literal where it is declared', () => {
    expect(declarations.filter((declaration) => declaration.name === undefined).map((declaration) => declaration.file)).toEqual([]);
  });

  it('declares each key exactly once, and no key inside a family of keys', () => {
    const counts = new Map<string, string[]>();
    for (const { name, file } of declarations) if (name !== undefined) counts.set(name, [...(counts.get(name) ?? []), file]);
    expect([...counts].filter(([, files]) => files.length > 1)).toEqual([]);
    expect(names.filter((name) => families.some((prefix) => name.startsWith(prefix)))).toEqual([]);
  });

  it('reaches storage only through the item layer in src/platform', () => {
    expect(rawAccess).toEqual([]);
  });

  it('the item layer names no key of its own', () => {
    const named = [...platformStrings].flatMap(([file, strings]) =>
      strings.filter((value) => names.includes(value) || families.some((prefix) => value.startsWith(prefix))).map((value) => `${file}: '${value}'`),
    );
    expect(named).toEqual([]);
  });
});
