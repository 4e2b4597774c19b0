// Evaluation periods: P3ADK evaluates each running agreement twice a budget year,
// for semester I (due 30 June) and at year end (due 31 December). A period's
// evaluation tasks open on the first day of its last month.
import { addDays } from "../../platform/http/dates.js";
import { formatIsoDate } from "../../platform/time.js";
import { must } from "../../platform/must.js";
export type Period = { key: string; label: string; start: string; end: string; opensOn: string };

export function periodsOfYear(year: number): Period[] {
  return [
    { key: `${year}-S1`, label: `Semester I ${year}`, start: `${year}-01-01`, end: `${year}-06-30`, opensOn: `${year}-06-01` },
    { key: `${year}-YE`, label: `Akhir tahun ${year}`, start: `${year}-07-01`, end: `${year}-12-31`, opensOn: `${year}-12-01` },
  ];
}

/** Periods whose evaluations should exist on `today`: opened, and not more than 60 days past their end. */
export function openPeriods(today: string): Period[] {
  const y = Number(today.slice(0, 4));
  const grace = (end: string) => addDays(end, 60);
  return [...periodsOfYear(y - 1), ...periodsOfYear(y)].filter((p) => p.opensOn <= today && today <= grace(p.end));
}

/** An ad-hoc (insidentil) evaluation started by P3ADK on a given day. */
export const adhocKey = (today: string) => `${today}-IN`;
export const isAdhoc = (key: string) => key.endsWith("-IN");

export const periodLabel = (key: string) => {
  if (isAdhoc(key)) return `insidentil ${formatIsoDate(key.slice(0, 10))}`;
  const [y, k] = key.split("-");
  return k === "S1" ? `Semester I ${y}` : `Akhir tahun ${y}`;
};

/** The next semester or year-end period whose evaluation has not opened yet on `today`. */
export function nextPeriod(today: string): Period {
  const y = Number(today.slice(0, 4));
  // Next year's periods all open after today.
  return must(
    [...periodsOfYear(y), ...periodsOfYear(y + 1)].find((p) => p.opensOn > today),
    "a period opening after today",
  );
}
