import { describe, expect, test } from 'vitest';
import { renderEnglish } from '../../fixtures/messages';
import { doctorFixes, type DoctorInput } from '@/src/local-servers/doctor';

const base: DoctorInput = { provider: 'ollama', verdict: 'not-reachable', os: 'linux', serverOrigin: 'http://127.0.0.1:11435', extensionOrigin: 'chrome-extension://kwid' };
const words = (input: Partial<DoctorInput>) => doctorFixes({ ...base, ...input }).map((fix) => renderEnglish(fix));

describe('the connection doctor: what the Origin rules cannot fix, per operating system', () => {
  test('Ollama not running: the way to start it on each system', () => {
    expect(words({ os: 'linux' })).toEqual([expect.stringContaining('"sudo systemctl start ollama"')]);
    expect(words({ os: 'mac' })).toEqual([expect.stringContaining('open the Ollama app (Applications)')]);
    expect(words({ os: 'win' })).toEqual([expect.stringContaining('Start menu')]);
    expect(words({ os: 'other' })).toEqual([expect.stringContaining('"ollama serve"')]);
  });

  test('wrong port: the same kind of server found on another port comes first', () => {
    const elsewhere = { port: 11434, origin: 'http://127.0.0.1:11434', provider: 'ollama' as const, product: 'Ollama', baseUrl: 'http://127.0.0.1:11434', api: 'ollama' as const, models: [] };
    expect(words({ elsewhere })[0]).toBe("Ollama answers at http://127.0.0.1:11434: change the key's address to it.");
    expect(words({ elsewhere, serverOrigin: 'http://127.0.0.1:11434' })).toHaveLength(1);
  });

  test('still refusing the extension: OLLAMA_ORIGINS with this extension’s origin, set the way each system does it', () => {
    const refused = (os: DoctorInput['os']) => words({ verdict: 'origin-refused', os })[0] ?? '';
    expect(refused('mac')).toContain('launchctl setenv OLLAMA_ORIGINS chrome-extension://kwid');
    expect(refused('win')).toContain('setx OLLAMA_ORIGINS chrome-extension://kwid');
    expect(refused('linux')).toContain('Environment="OLLAMA_ORIGINS=chrome-extension://kwid"');
    expect(refused('linux')).toContain('sudo systemctl daemon-reload && sudo systemctl restart ollama');
    expect(words({ verdict: 'origin-refused', provider: 'lmstudio' })).toEqual([]);
  });

  test('other servers: their own start command', () => {
    expect(words({ provider: 'lmstudio' })[0]).toContain('lms server start');
    expect(words({ provider: 'llamacpp' })[0]).toContain('llama-server -m model.gguf --port 8080');
    expect(words({ provider: 'vllm' })[0]).toContain('vllm serve');
    expect(words({ provider: 'transformers' })[0]).toContain('transformers serve');
  });
});
