/** `.osr` replays: reader, writer, LZMA, frame text and time line. Pure codecs, no I/O. */
export * from './errors.js';
export * from './lzma.js';
export * from './osr.js';
export * from './osr-writer.js';
export * from './frames.js';
