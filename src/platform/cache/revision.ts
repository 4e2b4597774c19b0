// Figures read from the database, kept while nothing they depend on has changed.
//
// Every statement that changes a table the pages show draws the next value of the
// sequence "data_revision" (a trigger, migration 20261126180000_data_revision). A
// request reads the sequence once, together with the current user (auth/passport.ts),
// and the revision it works with is that value plus today's date in Jakarta (overdue
// and "soon" change at midnight). A cached value is served only to requests at the
// revision it was computed at, so a write on any instance, through any code path,
// makes every instance compute again. Concurrent requests for the same key share one
// computation.
//
// The sequence moves when a row is written, a moment before its transaction commits:
// a request in that moment can compute from the old rows under the new revision.
// Entries are therefore computed again once they are MAX_AGE_MS old, which bounds that
// rare staleness; meanwhile (same revision) the old value is served, so the page that
// notices does not wait for the new one.
import { LRUCache } from "lru-cache";
import { todayJakarta } from "../time.js";

export const MAX_AGE_MS = 15_000;

export type Revision = string;

export function revisionOf(sequenceValue: bigint | number | string): Revision {
  return `${sequenceValue}@${todayJakarta()}`;
}

/** The revision now, for code outside a request (the query reads one sequence value). */
export const REVISION_SQL = `SELECT last_value AS rev FROM "data_revision"`;

type Entry = { rev: Revision; at: number; value: Promise<unknown>; refreshing?: boolean };

export class RevisionCache {
  private readonly entries: LRUCache<string, Entry>;

  constructor(
    max = 5000,
    private readonly maxAgeMs = MAX_AGE_MS,
  ) {
    this.entries = new LRUCache({ max });
  }

  /** The value for `key` at revision `rev`: the cached one, or `compute()` shared by every caller until it settles. */
  get<T>(rev: Revision, key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.rev === rev) {
      if (Date.now() - hit.at >= this.maxAgeMs && !hit.refreshing) {
        hit.refreshing = true;
        compute().then(
          (v) => {
            if (this.entries.get(key) === hit) Object.assign(hit, { value: Promise.resolve(v), at: Date.now(), refreshing: false });
          },
          () => {
            hit.refreshing = false;
            hit.at = 0; // try again on the next request
          },
        );
      }
      return hit.value as Promise<T>;
    }
    const entry: Entry = { rev, at: Date.now(), value: compute() };
    this.entries.set(key, entry);
    // A failure is not remembered: the next request tries again.
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value as Promise<T>;
  }

  clear(): void {
    this.entries.clear();
  }
}
