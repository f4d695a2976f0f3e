/**
 * The few WebAssembly globals we use, typed here because the project compiles without the DOM
 * lib (where TypeScript declares them) and @types/node does not declare them.
 */
interface WasmGlobal {
  RuntimeError: new (message?: string) => Error;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
}

export const Wasm = (globalThis as unknown as { WebAssembly: WasmGlobal }).WebAssembly;

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export function isWasmRuntimeError(err: unknown): boolean {
  return err instanceof Wasm.RuntimeError;
}
