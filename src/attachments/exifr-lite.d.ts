// exifr's lite build (JPEG and HEIC, no tag dictionaries) under the package's own types.
declare module 'exifr/dist/lite.esm.mjs' {
  export { gps } from 'exifr';
}
