// A background loop: runs `tick` now and then every `everyMs`, never twice at once,
// without keeping the process alive; a failing tick is reported and the loop goes on.
export function startTicker(everyMs: number, tick: () => Promise<void>, onError: (err: unknown) => void): () => void {
  let busy = false;
  const run = async () => {
    if (busy) return;
    busy = true;
    try {
      await tick();
    } catch (err) {
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
