// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkPolicy } from '@/src/policy/check';

/**
 * The README's example policies ("For organisations"), one per platform, read the way each browser
 * hands them to the extension, then checked by the extension's own check: every example must be a
 * policy Keyward accepts whole, and all of them the same policy. This keeps the administrators'
 * documentation honest; it cannot stand in for a Windows registry or a macOS profile (there is
 * neither here), so the conversions below follow Chrome's documented rules:
 * - Windows: a key's values are the object's fields, subkeys are nested objects, and a subkey whose
 *   schema is an array lists its values named 1, 2, …; DWORDs are integers or booleans by the
 *   schema's type, and a string where the schema wants a number is read as that number.
 * - macOS: the plist's dict under `Forced` → `mcx_preference_settings`, with plist types.
 */

const readme = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## For organisations'));
const schema = JSON.parse(readFileSync(resolve(__dirname, '../../../public/managed-schema.json'), 'utf8')) as SchemaNode;

interface SchemaNode {
  type: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

function fenced(language: string, after: string): string {
  const start = section.indexOf(after);
  expect(start, `README has "${after}"`).toBeGreaterThanOrEqual(0);
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section.slice(start));
  if (!match?.[1]) throw new Error(`no ${language} block after "${after}"`);
  return match[1];
}

/** A registry export, as Chrome's registry loader builds the policy dictionary under `root`. */
function fromRegistry(text: string, root: string): Record<string, unknown> {
  const keys = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of text.split('\n')) {
    const header = /^\[(.+)\]$/.exec(line.trim());
    if (header?.[1]) {
      current = new Map();
      keys.set(header[1], current);
      continue;
    }
    const value = /^"([^"]+)"=(.+)$/.exec(line.trim());
    if (value?.[1] && value[2] && current) current.set(value[1], value[2]);
  }
  const raw = (text: string) => (text.startsWith('dword:') ? Number.parseInt(text.slice(6), 16) : JSON.parse(text) as string);
  const convert = (node: SchemaNode, value: number | string): unknown => {
    if (node.type === 'boolean') return value === 1;
    if ((node.type === 'number' || node.type === 'integer') && typeof value === 'string') return Number(value);
    return value;
  };
  const build = (path: string, node: SchemaNode): unknown => {
    const values = keys.get(path) ?? new Map<string, string>();
    if (node.type === 'array') return [...values.entries()].sort(([a], [b]) => Number(a) - Number(b)).map(([, text]) => convert(node.items as SchemaNode, raw(text)));
    const out: Record<string, unknown> = {};
    for (const [name, text] of values) {
      const child = node.properties?.[name];
      expect(child, `${name} is in the extension's schema`).toBeDefined();
      out[name] = convert(child as SchemaNode, raw(text));
    }
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      if (keys.has(`${path}\\${name}`)) out[name] = build(`${path}\\${name}`, child);
    }
    return out;
  };
  return build(root, schema) as Record<string, unknown>;
}

/** A plist value, with its types. */
function plistValue(element: Element): unknown {
  switch (element.tagName.toLowerCase()) {
    case 'string':
      return element.textContent ?? '';
    case 'integer':
    case 'real':
      return Number(element.textContent);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'array':
      return [...element.children].map(plistValue);
    case 'dict': {
      const out: Record<string, unknown> = {};
      const children = [...element.children];
      for (let i = 0; i < children.length; i += 2) out[children[i]?.textContent ?? ''] = plistValue(children[i + 1] as Element);
      return out;
    }
    default:
      throw new Error(`unexpected plist element ${element.tagName}`);
  }
}

/** Whether `value` has the type the extension's schema gives it (what Chrome checks before Keyward). */
function matchesSchema(value: unknown, node: SchemaNode): boolean {
  switch (node.type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.entries(value).every(([name, child]) => node.properties?.[name] !== undefined && matchesSchema(child, node.properties[name] as SchemaNode));
    case 'array':
      return Array.isArray(value) && value.every((item) => matchesSchema(item, node.items as SchemaNode));
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === node.type;
  }
}

describe("the README's example policies", () => {
  const linux = (JSON.parse(fenced('json', '### Chrome on Linux')) as { '3rdparty': { extensions: Record<string, Record<string, unknown>> } })['3rdparty'].extensions['EXTENSION_ID'] ?? {};
  const windows = fromRegistry(fenced('reg', '### Windows'), 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\EXTENSION_ID\\policy');
  const profile = new DOMParser().parseFromString(fenced('xml', '### macOS'), 'application/xml');
  const root = plistValue(profile.querySelector('plist > dict') as Element) as { PayloadContent: { PayloadContent: Record<string, { Forced: { mcx_preference_settings: Record<string, unknown> }[] }> }[] };
  const mac = root.PayloadContent[0]?.PayloadContent['com.google.Chrome.extensions.EXTENSION_ID']?.Forced[0]?.mcx_preference_settings ?? {};
  const firefox = (JSON.parse(fenced('json', '### Firefox')) as { policies: { '3rdparty': { Extensions: Record<string, Record<string, unknown>> } } }).policies['3rdparty'].Extensions['keyward@keyward.dev'] ?? {};

  test.each([
    ['Chrome on Linux', linux],
    ['Windows registry', windows],
    ['macOS profile', mac],
    ['Firefox policies.json', firefox],
  ])('%s: every value has its schema type, and Keyward accepts the policy whole', (_platform, policy) => {
    expect(Object.keys(policy).length).toBeGreaterThan(5);
    expect(matchesSchema(policy, schema)).toBe(true);
    expect(checkPolicy(policy)).toMatchObject({ status: 'active' });
  });

  test('all four set the same policy (Firefox’s leaves the gateway’s model to the user)', () => {
    expect(windows).toEqual(linux);
    expect(mac).toEqual(linux);
    const { model: _model, ...gateway } = linux['gateway'] as Record<string, unknown>;
    expect(firefox).toEqual({ ...linux, gateway });
  });
});
