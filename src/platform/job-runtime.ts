// One runtime for background work. Every job claims its work with the same style: a
// lease, a time until which one owner holds the work, written with a guarded UPDATE
// (compare-and-set) in the shared database. A lease is crash-safe and works the same on
// PGlite and on PostgreSQL across several instances: no lock outlives a statement or a
// connection, so an owner that dies (killed, machine gone) simply stops renewing and its
// work is taken over once the lease has passed; every job's work is idempotent, so work
// done twice after a takeover tells nobody twice. (A `FOR UPDATE SKIP LOCKED` alone holds
// only for one transaction, and an advisory lock dies with its connection but does not
// exist on every setup: both only help to pick rows, the lease is what holds.)
//
// Two kinds of work use it:
//   - a run per day (the daily job, the nightly backup): a JobRun row (name, day) whose
//     leaseUntil is the lease; runLeased() claims it, renews it between batches, finishes
//     it with its summary, and releases it when the work fails so that it is tried again
//     at the next tick instead of after the lease;
//   - queues of rows (the e-mail outbox, text extraction): each row carries its own claim
//     time, set by a guarded update; the lengths are in LEASES below.
//
// Timeouts policy, in one place: a lease is several times longer than the work it covers
// may take, so that a slow but living owner never loses it; an owner that died is taken
// over after at most one lease; a batch renews a run's lease before it starts.
import { hostname } from "node:os";
import { performance } from "node:perf_hooks";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "./logger.js";
import { toDbDate } from "./time.js";

/** This process, as it appears in JobRun.instance. */
export const INSTANCE = `${hostname()}:${process.pid}`;

/** How long each kind of background work holds its claim (milliseconds). */
export const LEASES = {
  /** The daily job: each batch takes seconds; renewed before every batch. */
  daily: 15 * 60_000,
  /** The nightly backup: a snapshot and a child process writing the file (minutes on a large database). */
  backup: 2 * 3_600_000,
  /** A batch of e-mails: each send has nodemailer's own timeouts (about a minute at most). */
  outbox: 2 * 60_000,
  /** One file's text: a read takes at most 30 s in its parsing process. */
  extract: 2 * 60_000,
  /** A batch of webhook POSTs (features/webhooks): at most 10 sends of 10 s each. */
  webhook: 5 * 60_000,
} as const;

export class LeaseLostError extends Error {}

// ---- the last run of each job (for /metrics) --------------------------------
// Recorded by recordJobRun only, at the end of each run: a per-day run ends in finishRun
// (done) or releaseRun (failed; runLeased records the failure itself when it cannot
// release, or lost the lease), a background loop's tick in startTicker
// (features/jobs/ticker.ts). Kept in this process only: it says what this instance ran.

export type JobOutcome = { at: Date; ok: boolean };
const lastRuns = new Map<string, JobOutcome>();

/** Records the end of a run of `name`: when, and whether it succeeded. */
export function recordJobRun(name: string, ok: boolean, at = new Date()): void {
  lastRuns.set(name, { at, ok });
}

/** The last run of each job this process ran, by name. */
export const lastJobRuns = (): ReadonlyMap<string, JobOutcome> => lastRuns;

export type RunLease = {
  readonly name: string;
  readonly day: string;
  readonly instance: string;
  /** The job's clock: its `now` plus the time spent since (tests pass another day's `now`). */
  now(): Date;
  /** Extends the lease from now; throws LeaseLostError when another instance holds it now. */
  renew(): Promise<void>;
};

type ClaimOptions = { day: string; now: Date; instance?: string; leaseMs: number };

/**
 * Claims the run of `name` on `day`: the first to insert it, or the first to find its
 * lease passed (its owner died) while it is not finished. `extra` narrows the takeover
 * (a backup waits for its retry time). Returns the lease, or null when the run is not ours.
 */
export async function claimRun(
  prisma: PrismaClient,
  name: string,
  opts: ClaimOptions & { insertSummary?: object; mayTakeOver?: (run: { leaseUntil: Date; summary: unknown }) => boolean },
): Promise<RunLease | null> {
  const instance = opts.instance ?? INSTANCE;
  const day = toDbDate(opts.day);
  const started = performance.now();
  const now = () => new Date(opts.now.getTime() + (performance.now() - started));
  const leaseUntil = new Date(opts.now.getTime() + opts.leaseMs);
  let owned: boolean;
  if (!opts.mayTakeOver) {
    const claim = await prisma.jobRun.createMany({ data: [{ name, day, instance, leaseUntil }], skipDuplicates: true });
    owned =
      claim.count === 1 ||
      (
        await prisma.jobRun.updateMany({
          where: { name, day, finishedAt: null, leaseUntil: { lt: opts.now } },
          data: { instance, leaseUntil, startedAt: opts.now },
        })
      ).count === 1;
  } else {
    // The row is written free (its lease already passed), then taken with the same guarded update.
    await prisma.jobRun.createMany({ data: [{ name, day, instance, leaseUntil: opts.now, summary: opts.insertSummary ?? {} }], skipDuplicates: true });
    const run = await prisma.jobRun.findUniqueOrThrow({ where: { name_day: { name, day } } });
    if (run.finishedAt || run.leaseUntil > opts.now || !opts.mayTakeOver(run)) return null;
    owned =
      (
        await prisma.jobRun.updateMany({
          where: { name, day, finishedAt: null, leaseUntil: run.leaseUntil },
          data: { instance, leaseUntil, startedAt: opts.now },
        })
      ).count === 1;
  }
  if (!owned) return null;
  return {
    name,
    day: opts.day,
    instance,
    now,
    async renew() {
      const at = now();
      const r = await prisma.jobRun.updateMany({
        where: { name, day, instance, finishedAt: null },
        data: { leaseUntil: new Date(at.getTime() + opts.leaseMs) },
      });
      if (r.count !== 1) throw new LeaseLostError(`lease of ${name} ${opts.day} lost: another instance took the run over`);
    },
  };
}

/** Marks the run done with its summary (only while it is ours). */
export async function finishRun(prisma: PrismaClient, lease: RunLease, summary: object): Promise<void> {
  await prisma.jobRun.updateMany({
    where: { name: lease.name, day: toDbDate(lease.day), instance: lease.instance, finishedAt: null },
    data: { finishedAt: new Date(), summary },
  });
  recordJobRun(lease.name, true);
}

/** Gives the run up at once (its work failed): the next tick, here or elsewhere, tries again. */
export async function releaseRun(prisma: PrismaClient, lease: RunLease, summary?: object): Promise<void> {
  await prisma.jobRun.updateMany({
    where: { name: lease.name, day: toDbDate(lease.day), instance: lease.instance, finishedAt: null },
    data: { leaseUntil: new Date(0), ...(summary ? { summary } : {}) },
  });
  recordJobRun(lease.name, false);
}

export type DailyJob<S extends object> = {
  name: string;
  leaseMs: number;
  /** The work, in batches: call lease.renew() before each. Returns the summary stored with the run. */
  run(lease: RunLease): Promise<S>;
};

/**
 * Runs `job` once for `day`, when this instance wins the claim; logs its start, end and
 * failure. Returns ran: false when another instance has it (or had it today).
 */
export async function runLeased<S extends object>(
  prisma: PrismaClient,
  job: DailyJob<S>,
  opts: { day: string; now: Date; instance?: string; log?: Logger },
): Promise<{ ran: boolean; summary?: S }> {
  const lease = await claimRun(prisma, job.name, { day: opts.day, now: opts.now, instance: opts.instance, leaseMs: job.leaseMs });
  if (!lease) return { ran: false };
  opts.log?.debug({ job: job.name, day: opts.day, instance: lease.instance }, "job claimed");
  let summary: S;
  try {
    summary = await job.run(lease);
  } catch (err) {
    if (err instanceof LeaseLostError) recordJobRun(job.name, false);
    else await releaseRun(prisma, lease).catch(() => recordJobRun(job.name, false));
    opts.log?.error({ err, job: job.name, day: opts.day }, "job failed; tried again at the next tick");
    throw err;
  }
  await finishRun(prisma, lease, summary);
  return { ran: true, summary };
}
