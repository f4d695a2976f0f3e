/** The protocol layer: pure codecs, no I/O. */
export * from './bancho/index.js';
export * from './osu/mods.js';
export * from './osu/modes.js';
