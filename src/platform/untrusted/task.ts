// A parsing task: its name (what the parsing process runs, see src/parse-child.ts)
// and its default time limit, typed by what it takes and gives. Each feature defines
// the tasks of the parsers it owns (`<feature>/parse-tasks.ts`); the platform only runs
// them, so it knows no feature.
export type ParseTask<I, O> = {
  readonly name: string;
  /** Time limit in milliseconds, unless the sandbox is configured otherwise for this name. */
  readonly timeMs: number;
  /** Carries the types only; never set. */
  readonly types?: { input: I; output: O };
};

export const parseTask = <I, O>(name: string, timeMs: number): ParseTask<I, O> => ({ name, timeMs });
