import { describe, expect, it } from "vitest";
import { RevisionCache } from "../../src/platform/cache/revision.js";

describe("revision cache", () => {
  it("when the revision is unchanged then the value is computed once, even for concurrent callers", async () => {
    const cache = new RevisionCache();
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 10));
      return runs;
    };
    const values = await Promise.all([cache.get("1@2026-11-26", "k", compute), cache.get("1@2026-11-26", "k", compute)]);
    expect(values).toEqual([1, 1]);
    expect(await cache.get("1@2026-11-26", "k", compute)).toBe(1);
    expect(runs).toBe(1);
  });

  it("when the revision moves (a write, or a new day) then the value is computed again", async () => {
    const cache = new RevisionCache();
    let runs = 0;
    const compute = () => Promise.resolve(++runs);
    await cache.get("1@2026-11-26", "k", compute);
    expect(await cache.get("2@2026-11-26", "k", compute)).toBe(2);
    expect(await cache.get("2@2026-11-27", "k", compute)).toBe(3);
    expect(await cache.get("2@2026-11-27", "other", compute)).toBe(4);
  });

  it("when a computation fails then the failure is not kept", async () => {
    const cache = new RevisionCache();
    await expect(cache.get("1@d", "k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("1@d", "k", () => Promise.resolve("up"))).toBe("up");
  });

  it("when an entry is older than its maximum age then it is computed again at the same revision, the old value served meanwhile", async () => {
    const cache = new RevisionCache(100, 0);
    let runs = 0;
    await cache.get("1@d", "k", () => Promise.resolve(++runs));
    await new Promise((r) => setTimeout(r, 2));
    expect(await cache.get("1@d", "k", () => Promise.resolve(++runs))).toBe(1);
    await new Promise((r) => setTimeout(r, 2));
    expect(runs).toBe(2);
    expect(await cache.get("1@d", "k", () => Promise.resolve(runs))).toBe(2);
  });
});
