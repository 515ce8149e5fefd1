// Which JavaScript runtime this library runs on: hosts and event-loop backends differ by it.

/** 'deno', 'bun', or 'node' (anything else that looks like Node). */
export const runtime: 'node' | 'deno' | 'bun' =
  'Deno' in globalThis ? 'deno' : typeof process.versions.bun === 'string' ? 'bun' : 'node';
