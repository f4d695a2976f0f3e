/**
 * The messages between the pool (main thread) and its workers. Plain, structured-clone-friendly
 * data only (WASM objects cannot cross threads, §1.5); map bytes travel as Uint8Array copies.
 */
import type { CalculatorId, PpResult, ScoreParams } from './pp/calculator.js';
import type { DifficultyResult, MapRef } from './pp/engine.js';
import type { PlainAttributes } from './pp/rosu-lib.js';
import type { CheatAnalysisOutcome, CheatAnalysisRequest } from './cheat/task.js';

export type { MapRef } from './pp/engine.js';

export interface PpTask {
  kind: 'pp';
  calculator: CalculatorId;
  map: MapRef;
  params: ScoreParams;
  /** Attributes from the difficulty store; the worker then skips parse + difficulty. */
  stored?: PlainAttributes;
}

export interface PpBatchTask {
  kind: 'pp-batch';
  calculator: CalculatorId;
  map: MapRef;
  scores: ScoreParams[];
  /** Stored attributes by difficulty key (`mode:diffMods`). */
  stored?: Record<string, PlainAttributes>;
}

export interface DifficultyTask {
  kind: 'difficulty';
  calculator: CalculatorId;
  map: MapRef;
  mode: ScoreParams['mode'];
  mods: number;
}

/**
 * Raw rosu-pp-js call with arbitrary arguments (lazer, clockRate, mod objects …): the reference
 * path used to check the pool against upstream's expected values. No validation beyond rosu's.
 */
export interface RosuRawTask {
  kind: 'rosu-raw';
  version: '3.1' | '2.0';
  map: MapRef;
  mode: number;
  /** Mods for `convert()` (mania key mods). */
  convertMods?: number;
  what: 'difficulty' | 'performance';
  args: Record<string, unknown>;
}

export interface BcryptHashTask {
  kind: 'bcrypt-hash';
  password: string;
  rounds: number;
}

export interface BcryptVerifyTask {
  kind: 'bcrypt-verify';
  password: string;
  hash: string;
}

/** Only accepted when the pool was created with `allowFaultInjection` (tests). */
export interface FaultTask {
  kind: 'fault';
  fault: 'wasm-trap' | 'grow-memory';
}

/** Replay analysis for the cheat checks (compute/cheat/task.ts). */
export interface CheatAnalyzeTask {
  kind: 'cheat-analyze';
  request: CheatAnalysisRequest;
}

export type ComputeTask = PpTask | PpBatchTask | DifficultyTask | RosuRawTask | BcryptHashTask | BcryptVerifyTask | FaultTask | CheatAnalyzeTask;
export type TaskKind = ComputeTask['kind'];

export type BatchItem = { ok: true; result: PpResult } | { ok: false; error: string };

export interface TaskValues {
  pp: { result: PpResult; computed?: DifficultyResult };
  'pp-batch': { items: BatchItem[]; computed: DifficultyResult[] };
  difficulty: DifficultyResult;
  'rosu-raw': Record<string, unknown>;
  'bcrypt-hash': string;
  'bcrypt-verify': boolean;
  fault: null;
  'cheat-analyze': CheatAnalysisOutcome;
}

export interface WorkerErrorInfo {
  name: string;
  message: string;
}

/** Why a worker is about to exit after this reply (the pool counts it and retries casualties). */
export type RecycleReason = 'memory' | 'wasm-error';

export type TaskReply<K extends TaskKind = TaskKind> =
  | { ok: true; value: TaskValues[K]; recycle?: RecycleReason; threadId: number }
  | { ok: false; error: WorkerErrorInfo; recycle?: RecycleReason; threadId: number };

/** workerData of every compute worker. */
export interface WorkerConfig {
  mapsDir?: string;
  /** Recycle the worker when the rosu WASM memories together pass this many bytes. */
  wasmMemoryLimit: number;
  beatmapCacheBytes?: number;
  difficultyCacheEntries?: number;
  allowFaultInjection: boolean;
  /** `passwords` workers only run bcrypt: they skip loading the relax calculator. */
  role?: 'compute' | 'passwords';
}

/** Name of the error a worker that is shutting down answers with; the pool retries the task. */
export const WORKER_RECYCLING = 'WorkerRecycling';
