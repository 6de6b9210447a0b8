// Writes the tests' tiny in-browser models (the embedding model is described below, with its code).
// First, a text-generation model in the layout Transformers.js
// loads from the Hub (config.json, generation_config.json, tokenizer.json, tokenizer_config.json,
// onnx/model_q4.onnx), with random weights from a fixed seed, so every run writes the same bytes
// (tests/unit/local-model/tiny-model.test.ts checks the committed copy against a fresh one).
//
//   node scripts/make-tiny-model.mjs [outDir]   (default tests/fixtures/tiny-model)
//
// The model: a Llama-type config whose ONNX graph is an embedding lookup, a tanh and a projection
// to the vocabulary, plus a token-to-next-token table (logits = tanh(E[ids]) · W + T[ids] + b). It
// has no attention and no cache: it is not meant to say anything, only to be downloaded, loaded,
// run and streamed token by token exactly like a real one. The table makes greedy decoding write
// short "words" of letters separated by spaces (Transformers.js's TextStreamer hands text on word
// by word, so an answer arrives in many pieces). The end-of-turn token's bias is very negative, so
// an answer always runs to its token limit (the tests count the tokens). The tokenizer is a character-level BPE with Metaspace
// (each letter, digit or sign is one token; "▁" is a space), so every generated token is visible.
// The ONNX protobuf is written by hand (below): a few message types, no dependency.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const outDir = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'tiny-model'));
const REPO = 'keyward-test/tiny-chat';

// --- the vocabulary -------------------------------------------------------------------------
const SPECIAL = ['<unk>', '<|im_start|>', '<|im_end|>', '<|endoftext|>'];
const CHARS = ['▁', '\n', ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?\'-:;()'];
const VOCAB = [...SPECIAL, ...CHARS];
const V = VOCAB.length;
const H = 448;
const EOS = VOCAB.indexOf('<|im_end|>');
const PAD = VOCAB.indexOf('<|endoftext|>');

// --- deterministic random numbers (mulberry32) ------------------------------------------------
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(20261206);
const floats = (count, scale) => Float32Array.from({ length: count }, () => (next() * 2 - 1) * scale);

// --- protobuf wire format ----------------------------------------------------------------------
function varint(value) {
  let n = BigInt(value);
  if (n < 0n) n += 1n << 64n;
  const bytes = [];
  do {
    let byte = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (n > 0n);
  return Buffer.from(bytes);
}
const key = (field, wire) => varint((field << 3) | wire);
const int = (field, value) => Buffer.concat([key(field, 0), varint(value)]);
const bytes = (field, content) => Buffer.concat([key(field, 2), varint(content.length), content]);
const str = (field, text) => bytes(field, Buffer.from(text, 'utf8'));
const msg = (field, ...parts) => bytes(field, Buffer.concat(parts));

// onnx.proto field numbers: ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto, TypeProto.
const FLOAT = 1;
const INT64 = 7;
const tensor = (field, name, dims, data) =>
  msg(field, ...dims.map((dim) => int(1, dim)), int(2, FLOAT), str(8, name), bytes(9, Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
const dimension = (dim) => (typeof dim === 'string' ? msg(1, str(2, dim)) : msg(1, int(1, dim)));
const valueInfo = (field, name, elemType, dims) => msg(field, str(1, name), msg(2, msg(1, int(1, elemType), msg(2, ...dims.map(dimension)))));
const node = (op, inputs, outputs, name, attributes = []) => msg(1, ...inputs.map((input) => str(1, input)), ...outputs.map((output) => str(2, output)), str(3, name), str(4, op), ...attributes);
const intAttribute = (name, value) => msg(5, str(1, name), int(3, value), int(20, 2));

const LETTERS = VOCAB.map((token, id) => ({ token, id })).filter(({ token }) => /^[a-z]$/.test(token)).map(({ id }) => id);
const SPACE = VOCAB.indexOf('▁');
const pick = (ids) => ids[Math.floor(next() * ids.length)];
// After a letter, another letter three times in four, else a space; after anything else, a letter.
const transitions = new Float32Array(V * V);
for (let from = 0; from < V; from++) {
  const to = LETTERS.includes(from) && next() < 0.25 ? SPACE : pick(LETTERS);
  transitions[from * V + to] = 8;
}
const embedding = floats(V * H, 1);
const projection = floats(H * V, 0.05);
const bias = floats(V, 0.1);
bias[EOS] = -1000;
bias[VOCAB.indexOf('<unk>')] = -1000;
bias[VOCAB.indexOf('<|im_start|>')] = -1000;
bias[PAD] = -1000;

const graph = msg(
  7,
  node('Gather', ['embed_tokens', 'input_ids'], ['hidden'], 'embed', [intAttribute('axis', 0)]),
  node('Tanh', ['hidden'], ['activated'], 'activate'),
  node('MatMul', ['activated', 'lm_head'], ['scores'], 'project'),
  node('Gather', ['next_token', 'input_ids'], ['preferred'], 'table', [intAttribute('axis', 0)]),
  node('Add', ['scores', 'preferred'], ['mixed'], 'prefer'),
  node('Add', ['mixed', 'lm_bias'], ['logits'], 'bias'),
  str(2, 'tiny-chat'),
  tensor(5, 'embed_tokens', [V, H], embedding),
  tensor(5, 'lm_head', [H, V], projection),
  tensor(5, 'lm_bias', [V], bias),
  tensor(5, 'next_token', [V, V], transitions),
  valueInfo(11, 'input_ids', INT64, ['batch_size', 'sequence_length']),
  valueInfo(11, 'attention_mask', INT64, ['batch_size', 'sequence_length']),
  valueInfo(12, 'logits', FLOAT, ['batch_size', 'sequence_length', V]),
);
const model = Buffer.concat([int(1, 8), str(2, 'keyward make-tiny-model'), str(3, '1'), graph, msg(8, str(1, ''), int(2, 17))]);

// --- the Hub files ------------------------------------------------------------------------------
const config = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  vocab_size: V,
  hidden_size: H,
  intermediate_size: H,
  num_hidden_layers: 1,
  num_attention_heads: 1,
  num_key_value_heads: 1,
  head_dim: H,
  max_position_embeddings: 2048,
  bos_token_id: null,
  eos_token_id: EOS,
  pad_token_id: PAD,
  tie_word_embeddings: false,
  torch_dtype: 'float32',
};
const generationConfig = { eos_token_id: EOS, pad_token_id: PAD, do_sample: false, max_new_tokens: 64 };
const added = SPECIAL.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }));
const metaspace = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false };
const tokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: added,
  normalizer: null,
  pre_tokenizer: metaspace,
  post_processor: null,
  decoder: metaspace,
  model: {
    type: 'BPE',
    dropout: null,
    unk_token: '<unk>',
    continuing_subword_prefix: null,
    end_of_word_suffix: null,
    fuse_unk: false,
    byte_fallback: false,
    ignore_merges: false,
    vocab: Object.fromEntries(VOCAB.map((token, id) => [token, id])),
    merges: [],
  },
};
const tokenizerConfig = {
  tokenizer_class: 'PreTrainedTokenizerFast',
  bos_token: null,
  eos_token: '<|im_end|>',
  unk_token: '<unk>',
  pad_token: '<|endoftext|>',
  add_bos_token: false,
  clean_up_tokenization_spaces: false,
  model_max_length: 2048,
  chat_template:
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}",
};

const dir = path.join(outDir, ...REPO.split('/'));
mkdirSync(path.join(dir, 'onnx'), { recursive: true });
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
writeFileSync(path.join(dir, 'config.json'), json(config));
writeFileSync(path.join(dir, 'generation_config.json'), json(generationConfig));
writeFileSync(path.join(dir, 'tokenizer.json'), json(tokenizer));
writeFileSync(path.join(dir, 'tokenizer_config.json'), json(tokenizerConfig));
writeFileSync(path.join(dir, 'onnx', 'model_q4.onnx'), model);
console.log(`${REPO}: ${V} tokens, hidden ${H}, onnx/model_q4.onnx ${(model.length / 1024).toFixed(1)} KB → ${dir}`);

// --- the tiny embedding model (issue 19) ----------------------------------------------------------
// A BERT-type encoder for Transformers.js's `feature-extraction` pipeline: its graph is only a token
// embedding lookup (last_hidden_state = E[input_ids]), 384 wide, which the pipeline mean-pools over
// the attention mask and normalises, as it does a real sentence-embedding model's output. The
// tokenizer is WordPiece over ~150 common English words, the letters and digits (a word it does not
// know is spelled out in pieces), lower-cased: texts that share words get vectors close together,
// so a search test can predict which text a question finds. Its own random numbers, so the chat
// model above is byte for byte what it was.
const EMBED_REPO = 'keyward-test/tiny-embed';
const EMBED_DIMS = 384;
const embedNext = random(19);
const WORDS = (
  'the a an and or of to in on at for with from by is are was be it this that what how why when where who which ' +
  'i you we they he she my your our their not no yes do does can will would should about into over under after before ' +
  'bread flour rye sourdough recipe bake oven water salt yeast lighthouse keeper ship ships sea coast light night dawn ' +
  'tax taxes form forms april money bank invoice report page pages chapter section book document note notes meeting ' +
  'cat cats dog dogs garden tree trees flower rain weather sun summer winter city train station travel holiday ' +
  'search meaning vector index history chat model question answer collection code function error test python java'
).split(' ');
const LETTERS_AND_DIGITS = [...'abcdefghijklmnopqrstuvwxyz0123456789'];
const EMBED_SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const EMBED_VOCAB = [...new Set([...EMBED_SPECIAL, ...LETTERS_AND_DIGITS, ...LETTERS_AND_DIGITS.map((piece) => `##${piece}`), ...WORDS])];
const EV = EMBED_VOCAB.length;
const embedTable = Float32Array.from({ length: EV * EMBED_DIMS }, () => embedNext() * 2 - 1);
const embedGraph = msg(
  7,
  node('Gather', ['embeddings', 'input_ids'], ['last_hidden_state'], 'embed', [intAttribute('axis', 0)]),
  str(2, 'tiny-embed'),
  tensor(5, 'embeddings', [EV, EMBED_DIMS], embedTable),
  valueInfo(11, 'input_ids', INT64, ['batch_size', 'sequence_length']),
  valueInfo(11, 'attention_mask', INT64, ['batch_size', 'sequence_length']),
  valueInfo(12, 'last_hidden_state', FLOAT, ['batch_size', 'sequence_length', EMBED_DIMS]),
);
const embedModel = Buffer.concat([int(1, 8), str(2, 'keyward make-tiny-model'), str(3, '1'), embedGraph, msg(8, str(1, ''), int(2, 17))]);
const embedConfig = {
  architectures: ['BertModel'],
  model_type: 'bert',
  vocab_size: EV,
  hidden_size: EMBED_DIMS,
  intermediate_size: EMBED_DIMS,
  num_hidden_layers: 1,
  num_attention_heads: 1,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  pad_token_id: 0,
  torch_dtype: 'float32',
};
const embedTokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: EMBED_SPECIAL.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
  normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: null,
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(EMBED_VOCAB.map((token, id) => [token, id])) },
};
const embedTokenizerConfig = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  model_max_length: 512,
  unk_token: '[UNK]',
  pad_token: '[PAD]',
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  mask_token: '[MASK]',
  clean_up_tokenization_spaces: true,
};
const embedDir = path.join(outDir, ...EMBED_REPO.split('/'));
mkdirSync(path.join(embedDir, 'onnx'), { recursive: true });
writeFileSync(path.join(embedDir, 'config.json'), json(embedConfig));
writeFileSync(path.join(embedDir, 'tokenizer.json'), json(embedTokenizer));
writeFileSync(path.join(embedDir, 'tokenizer_config.json'), json(embedTokenizerConfig));
writeFileSync(path.join(embedDir, 'onnx', 'model_q4.onnx'), embedModel);
console.log(`${EMBED_REPO}: ${EV} tokens, ${EMBED_DIMS} dimensions, onnx/model_q4.onnx ${(embedModel.length / 1024).toFixed(1)} KB → ${embedDir}`);
