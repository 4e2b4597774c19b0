// Calendar dates typed by people: parsed strictly, never with Date.parse
// (which turns 2027-02-30 into 2 March).
import { z } from "zod";
import dayjs from "../time.js";
import "../zod-locale.js";

/** True when `v` is a real calendar date written YYYY-MM-DD. */
export const isRealIsoDate = (v: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(v) && dayjs.utc(v, "YYYY-MM-DD", true).isValid();

/** A required YYYY-MM-DD date that exists on the calendar. */
export const isoDate = (label: string) => z.iso.date({ error: `${label}: tanggal tidak valid (pakai TTTT-BB-HH, tanggal yang ada di kalender)` });

/** Whole calendar months from a to b (both YYYY-MM-DD), as a fraction. */
export const monthsBetween = (a: string, b: string): number => dayjs.utc(b).diff(dayjs.utc(a), "month", true);

/** `iso` plus n calendar days. */
export const addDays = (iso: string, n: number): string => dayjs.utc(iso).add(n, "day").format("YYYY-MM-DD");
