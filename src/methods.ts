// How Ring gets its methods from the parts that implement them (composition, not inheritance):
// install() puts methods written over the core (this[kCore]) on its prototype as they are;
// delegate() forwards to a part object the ring holds under a symbol.

/** Defines `methods` on `target.prototype`, non-enumerable like class methods. */
export function install(target: { prototype: object }, methods: object): void {
  for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(methods))) {
    if (Object.hasOwn(target.prototype, name)) throw new Error(`${name} is defined twice`);
    Object.defineProperty(target.prototype, name, { ...descriptor, enumerable: false });
  }
}

/**
 * Defines on `target.prototype` a forwarder for each public method and getter of `part` (but
 * `internals`): `ring.registerFiles(…)` calls `ring[key].registerFiles(…)`.
 */
export function delegate(target: { prototype: object }, key: symbol, part: { prototype: object }, internals: readonly string[]): void {
  for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(part.prototype))) {
    if (name === 'constructor' || internals.includes(name)) continue;
    if (Object.hasOwn(target.prototype, name)) throw new Error(`${name} is defined twice`);
    if (descriptor.get) {
      const get = descriptor.get;
      Object.defineProperty(target.prototype, name, {
        get(this: Record<symbol, object>) { return get.call(this[key]); }, enumerable: false, configurable: true,
      });
    } else if (typeof descriptor.value === 'function') {
      const method = descriptor.value as (...args: unknown[]) => unknown;
      Object.defineProperty(target.prototype, name, {
        value: { [name](this: Record<symbol, object>, ...args: unknown[]) { return method.apply(this[key], args); } }[name],
        enumerable: false, configurable: true, writable: true,
      });
    }
  }
}
