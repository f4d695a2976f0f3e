/** The replay fuzz suite (fuzz-suite.ts) run against the pure-JS LZMA decoder. */
import { decodeLzmaJs } from '../index.js';
import { fuzzDecoder } from './fuzz-suite.js';

fuzzDecoder('pure-JS LZMA', decodeLzmaJs);
