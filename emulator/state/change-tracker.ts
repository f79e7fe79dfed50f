/**
 * Notes which parts of the state a request or transition changed, so the state file can log just
 * those (issue 14) without every handler reporting its writes: the state is handed out behind
 * proxies, and any write at any depth marks its *unit* — the top-level key, or one record of a keyed
 * collection (`servers/<id>`, `neutron/ports/<id>`) — as changed. Reads pass through.
 */

/** How many levels below a top-level key one unit lies (0: the key's whole value is one unit). */
export type UnitDepth = (topKey: string) => number;

export function trackChanges<T extends object>(root: T, depthOf: UnitDepth, changed: (unit: string[]) => void): T {
  const proxies = new WeakMap<object, object>();
  const raws = new WeakMap<object, object>();
  const wrap = (target: object, path: string[]): object => {
    const known = proxies.get(target);
    if (known) return known;
    const mark = (prop: string | symbol) => {
      if (typeof prop === 'symbol') return;
      const full = [...path, prop];
      changed(full.slice(0, depthOf(full[0]!) + 1));
    };
    const proxy = new Proxy(target, {
      get(t, prop) {
        const value: unknown = Reflect.get(t, prop);
        if (typeof value !== 'object' || value === null || typeof prop !== 'string') return value;
        // The cache first: reads are most of the traffic and need not build a path.
        return proxies.get(value) ?? wrap(value, [...path, prop]);
      },
      set(t, prop, value: unknown) {
        // Store raw objects, so a tracked value put elsewhere is not tracked under its old place.
        const raw = typeof value === 'object' && value !== null ? (raws.get(value) ?? value) : value;
        mark(prop);
        return Reflect.set(t, prop, raw);
      },
      deleteProperty(t, prop) {
        mark(prop);
        return Reflect.deleteProperty(t, prop);
      },
    });
    proxies.set(target, proxy);
    raws.set(proxy, target);
    return proxy;
  };
  return wrap(root, []) as T;
}
