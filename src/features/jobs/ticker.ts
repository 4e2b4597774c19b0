// A background loop: runs `tick` now and then every `everyMs`, never twice at once,
// without keeping the process alive; a failing tick is reported and the loop goes on.
// Each tick's end is recorded under `name` (platform/job-runtime.ts, shown on /metrics).
import { recordJobRun } from "../../platform/job-runtime.js";

export function startTicker(name: string, everyMs: number, tick: () => Promise<void>, onError: (err: unknown) => void): () => void {
  let busy = false;
  const run = async () => {
    if (busy) return;
    busy = true;
    try {
      await tick();
      recordJobRun(name, true);
    } catch (err) {
      recordJobRun(name, false);
      onError(err);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
