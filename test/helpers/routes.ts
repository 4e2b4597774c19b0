// The app's own route table, read from Express's router: every "METHOD /path".
import type { App } from "../../src/app.js";

type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

export function routeTable(app: App): string[] {
  const out = new Set<string>();
  const walk = (stack: Layer[]) => {
    for (const l of stack) {
      if (l.route) {
        for (const p of ([] as string[]).concat(l.route.path)) {
          for (const m of Object.keys(l.route.methods)) if (m !== "_all") out.add(`${m.toUpperCase()} ${p}`);
        }
      } else if (l.handle?.stack) walk(l.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...out].sort();
}
