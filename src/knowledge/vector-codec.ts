/**
 * The stored form of a vector: int8 with one Float32 scale per vector (symmetric, the largest
 * component maps to ±127). 384 dimensions take 388 bytes instead of 1,536: 100,000 chunks hold
 * 38.8 MB in memory instead of 153.6 MB, and the scan reads a quarter of the bytes. Ranking
 * stays that of Float32 for all practical purposes (the measured recall in tests/unit/knowledge
 * and src/knowledge/README.md, "Why int8").
 *
 * Layout: bytes 0–3 the scale (little-endian Float32), then `dims` signed bytes.
 */
export const HEADER_BYTES = 4;

export function encodeVector(vector: Float32Array): ArrayBuffer {
  let max = 0;
  for (let index = 0; index < vector.length; index++) {
    const value = Math.abs(vector[index] ?? 0);
    if (value > max) max = value;
  }
  const buffer = new ArrayBuffer(HEADER_BYTES + vector.length);
  const scale = max > 0 && Number.isFinite(max) ? max / 127 : 0;
  new DataView(buffer).setFloat32(0, scale, true);
  const bytes = new Int8Array(buffer, HEADER_BYTES);
  if (scale > 0) for (let index = 0; index < vector.length; index++) bytes[index] = Math.round((vector[index] ?? 0) / scale);
  return buffer;
}

/** The scale of an encoded vector. */
export function vectorScale(data: ArrayBuffer): number {
  return new DataView(data).getFloat32(0, true);
}

/** The quantised components (a view, no copy). */
export function vectorBytes(data: ArrayBuffer): Int8Array {
  return new Int8Array(data, HEADER_BYTES);
}

/** Back to Float32 (approximately: for tests and diagnostics; the search scans the bytes). */
export function decodeVector(data: ArrayBuffer): Float32Array {
  const scale = vectorScale(data);
  return Float32Array.from(vectorBytes(data), (value) => value * scale);
}

/** Scales `vector` to length 1 (a copy); the search ranks by dot product, which is then the cosine. */
export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  return norm > 0 ? vector.map((value) => value / norm) : vector.slice();
}
