import { describe, expect, test } from 'vitest';
import { createHarness, PASSPHRASE, CANARY_KEY } from '../helpers/harness';
import { renderEnglish } from '../../fixtures/messages';

async function harnessWithKeys() {
  const h = createHarness();
  await h.vault.create(PASSPHRASE);
  const openai = await h.keys.add({ provider: 'openai', label: 'Work', secret: { apiKey: `  ${CANARY_KEY}\n` }, settings: {} });
  h.clock.now += 1;
  const anthropic = await h.keys.add({
    provider: 'anthropic',
    label: 'Home',
    secret: { apiKey: 'sk-ant-api03-SECONDcanary0123456789abcdefghij' },
    settings: {},
  });
  return { h, openai, anthropic };
}

describe('key records', () => {
  test('views are masked (first 3, last 4) and never carry the secret', async () => {
    const { h, openai } = await harnessWithKeys();
    expect(openai.masked).toBe(`sk-…${CANARY_KEY.slice(-4)}`);
    const list = await h.keys.list();
    expect(list.map((view) => view.label)).toEqual(['Work', 'Home']);
    expect(JSON.stringify(list)).not.toContain(CANARY_KEY);
    expect(JSON.stringify(list)).not.toContain('SECONDcanary');
    // Pasted whitespace is trimmed before storing.
    expect((await h.keys.useSecret(openai.id)).secret.apiKey).toBe(CANARY_KEY);
  });

  test('nothing in IndexedDB holds the secret in clear', async () => {
    const { h } = await harnessWithKeys();
    const everything = JSON.stringify({ meta: await h.db.meta.toArray(), secrets: await h.db.secrets.toArray(), state: await h.db.state.toArray() });
    expect(everything).not.toContain(CANARY_KEY);
    expect(everything).not.toContain(btoa(CANARY_KEY).slice(4, 40));
    expect(everything).not.toContain(PASSPHRASE);
  });

  test('a ciphertext swapped onto another record fails to decrypt, without touching the others', async () => {
    const { h, openai, anthropic } = await harnessWithKeys();
    const a = await h.db.secrets.get(openai.id);
    const b = await h.db.secrets.get(anthropic.id);
    if (!a || !b) throw new Error('records missing');
    await h.db.secrets.update(openai.id, { sealed: b.sealed });
    await expect(h.keys.useSecret(openai.id)).rejects.toMatchObject({ code: 'RECORD_DAMAGED', message: expect.stringMatching(/^Vault record damaged: /) });
    expect((await h.keys.useSecret(anthropic.id)).secret.apiKey).toContain('SECONDcanary');
    const list = await h.keys.list();
    expect(list.find((view) => view.id === openai.id)).toMatchObject({ damaged: true, masked: '' });
    expect(list.find((view) => view.id === anthropic.id)).toMatchObject({ damaged: false });
  });

  test('a flipped bit in one record says which key is damaged and leaves the rest working', async () => {
    const { h, openai, anthropic } = await harnessWithKeys();
    const record = await h.db.secrets.get(openai.id);
    if (!record) throw new Error('record missing');
    const flipped = record.sealed.ciphertext.startsWith('A') ? `B${record.sealed.ciphertext.slice(1)}` : `A${record.sealed.ciphertext.slice(1)}`;
    await h.db.secrets.update(openai.id, { sealed: { ...record.sealed, ciphertext: flipped } });
    await expect(h.keys.useSecret(openai.id)).rejects.toMatchObject({ code: 'RECORD_DAMAGED', message: expect.stringContaining('"Work"') });
    expect((await h.keys.useSecret(anthropic.id)).record.label).toBe('Home');
  });

  test('pointing a stored key at another server on disk makes it undecryptable (settings are bound)', async () => {
    const { h, openai } = await harnessWithKeys();
    await h.db.secrets.update(openai.id, { settings: { baseUrl: 'https://attacker.example/v1' } });
    await expect(h.keys.useSecret(openai.id)).rejects.toMatchObject({ code: 'RECORD_DAMAGED' });
  });

  test('a record that fails its schema is reported damaged, the list still works', async () => {
    const { h, anthropic } = await harnessWithKeys();
    await h.db.secrets.put({ id: 'broken', label: 'Broken', createdAt: 5 } as never);
    const list = await h.keys.list();
    expect(list.find((view) => view.id === 'broken')).toMatchObject({ damaged: true, label: 'Broken' });
    expect(list.find((view) => view.id === anthropic.id)?.damaged).toBe(false);
    await h.keys.delete('broken');
    expect(await h.db.secrets.count()).toBe(2);
  });

  test('rename keeps the ciphertext; new settings re-seal it; rotate replaces the secret', async () => {
    const { h, openai } = await harnessWithKeys();
    const before = await h.db.secrets.get(openai.id);
    await h.keys.update({ id: openai.id, label: 'Renamed' });
    expect((await h.db.secrets.get(openai.id))?.sealed).toEqual(before?.sealed);
    await h.keys.update({ id: openai.id, settings: { baseUrl: 'https://proxy.example.com/v1/' }, passphrase: PASSPHRASE });
    const moved = await h.keys.useSecret(openai.id);
    expect(moved.record.settings.baseUrl).toBe('https://proxy.example.com/v1');
    expect(moved.secret.apiKey).toBe(CANARY_KEY);
    h.clock.now += 60_000;
    const rotated = await h.keys.rotate({ id: openai.id, secret: { apiKey: 'sk-proj-ROTATEDkey0123456789abcdefghijkl' } });
    expect(rotated.rotatedAt).toBe(h.clock.now);
    expect(rotated.label).toBe('Renamed');
    expect((await h.keys.useSecret(openai.id)).secret.apiKey).toBe('sk-proj-ROTATEDkey0123456789abcdefghijkl');
  });

  test('format checks warn with the reason but still save', async () => {
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    const odd = await h.keys.add({ provider: 'anthropic', label: 'Odd', secret: { apiKey: 'Bearer not-a-key value' }, settings: {} });
    expect(odd.formatWarnings.map(renderEnglish)).toEqual([
      'The API key contains a space or line break; keys usually have none.',
      'Paste the API key without the "Bearer " prefix.',
      expect.stringContaining('does not look like a Anthropic key'),
    ]);
    expect(JSON.stringify(odd.formatWarnings)).not.toContain('not-a-key');
    const plain = await h.keys.add({ provider: 'custom', label: 'LAN', secret: {}, settings: { baseUrl: 'http://192.168.1.20:8000/v1', allowInsecureHttp: 'yes' } });
    expect(renderEnglish(plain.formatWarnings[0])).toContain('plain http');
    expect(plain.masked).toBe('');
  });

  test('format warnings travel as phrases and are not stored: worked out from the secret each time a key is shown', async () => {
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    const odd = await h.keys.add({ provider: 'anthropic', label: 'Odd', secret: { apiKey: 'Bearer not-a-key value' }, settings: {} });
    expect(odd.formatWarnings.map((warning) => warning.key)).toEqual(['warning_whitespace', 'warning_bearer', 'warning_keyFormat']);
    const [row] = await h.db.secrets.toArray();
    expect(row).not.toHaveProperty('formatWarnings');
    // A record written by an older version still carries English sentences: they are ignored on
    // reading, and dropped the next time the record is written.
    await h.db.secrets.put({ ...row!, formatWarnings: ['An old English warning.'] });
    const [listed] = await h.keys.list();
    expect(listed?.formatWarnings.map((warning) => warning.key)).toEqual(['warning_whitespace', 'warning_bearer', 'warning_keyFormat']);
    await h.keys.update({ id: odd.id, label: 'Renamed' });
    expect((await h.db.secrets.toArray())[0]).not.toHaveProperty('formatWarnings');
    const fixed = await h.keys.rotate({ id: odd.id, secret: { apiKey: 'sk-ant-api03-FIXEDkey0123456789abcdefghijklmn' } });
    expect(fixed.formatWarnings).toEqual([]);
  });

  test('plain http to another computer is refused unless confirmed with the save, and the confirmation is sealed with the key', async () => {
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    const lan = { baseUrl: 'http://192.168.1.20:8000/v1' };
    await expect(h.keys.add({ provider: 'openai', label: 'LAN', secret: { apiKey: 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789AB' }, settings: lan })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('plain http to 192.168.1.20:8000'),
    });
    expect(await h.keys.list()).toEqual([]);
    const saved = await h.keys.add({ provider: 'openai', label: 'LAN', secret: { apiKey: 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789AB' }, settings: { ...lan, allowInsecureHttp: 'yes' } });
    expect(saved.settings).toEqual({ ...lan, allowInsecureHttp: 'yes' });
    // This computer needs no confirmation, and a stray flag is not kept.
    const local = await h.keys.add({ provider: 'ollama', label: 'Local', secret: {}, settings: { baseUrl: 'http://127.0.0.1:11434', allowInsecureHttp: 'yes' } });
    expect(local.settings).toEqual({ baseUrl: 'http://127.0.0.1:11434' });
  });

  test('required fields and settings are enforced per provider', async () => {
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    await expect(h.keys.add({ provider: 'openai', label: 'x', secret: {}, settings: {} })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(h.keys.add({ provider: 'bedrock', label: 'x', secret: { accessKeyId: 'AKIAABCDEFGHIJKLMNOP' }, settings: { region: 'us-east-1' } })).rejects.toMatchObject({
      message: 'AWS Bedrock needs a secret access key.',
    });
    await expect(h.keys.add({ provider: 'bedrock', label: 'x', secret: { apiKey: 'ABSKabc' }, settings: { bedrockAuth: 'api-key' } })).rejects.toMatchObject({
      message: expect.stringContaining('region'),
    });
    await expect(h.keys.add({ provider: 'openai', label: 'x', secret: { apiKey: CANARY_KEY }, settings: { baseUrl: 'ftp://x' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(h.keys.add({ provider: 'openai', label: 'x', secret: { apiKey: CANARY_KEY }, settings: { baseUrl: 'https://user:pw@x.example' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const bedrock = await h.keys.add({
      provider: 'bedrock',
      label: 'AWS',
      secret: { accessKeyId: 'AKIAABCDEFGHIJKLMNOP', secretAccessKey: 'abcdEFGHijklMNOPqrstUVWXyz0123456789/+=a', apiKey: 'ignored' },
      settings: { region: 'eu-west-3', azureResource: 'ignored' },
    });
    expect(bedrock.settings).toEqual({ region: 'eu-west-3' });
    expect(bedrock.formatWarnings).toEqual([]);
    expect((await h.keys.useSecret(bedrock.id)).secret).toEqual({ accessKeyId: 'AKIAABCDEFGHIJKLMNOP', secretAccessKey: 'abcdEFGHijklMNOPqrstUVWXyz0123456789/+=a' });
  });

  test('deleting removes only that key', async () => {
    const { h, openai, anthropic } = await harnessWithKeys();
    await h.keys.delete(openai.id);
    expect((await h.keys.list()).map((view) => view.id)).toEqual([anthropic.id]);
    await expect(h.keys.delete(openai.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('useSecret records the last use', async () => {
    const { h, openai } = await harnessWithKeys();
    h.clock.now += 5000;
    await h.keys.useSecret(openai.id);
    expect((await h.keys.list()).find((view) => view.id === openai.id)?.lastUsedAt).toBe(h.clock.now);
  });
});
