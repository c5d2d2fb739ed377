/**
 * Instantiating the project's hand-written WebAssembly modules (their bytes
 * are built into *-wasm.ts by scripts/build-wasm.js), or knowing that this
 * Node cannot run them: no WebAssembly (--jitless) or no SIMD. Callers then
 * use their JavaScript twins.
 */

/** The parts of the WebAssembly API used here (the project's type libraries do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: unknown };
}

/** The exports of a module given as base64, or undefined when this Node cannot compile or run it. */
export function wasmExports<T>(base64: string): T | undefined {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) return undefined;
  try {
    return new api.Instance(new api.Module(Buffer.from(base64, 'base64'))).exports as T;
  } catch {
    return undefined;
  }
}
