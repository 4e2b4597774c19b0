// dayjs with the Indonesian locale and Asia/Jakarta as the default zone.
import dayjs from "dayjs";
import "dayjs/locale/id.js";
import customParseFormat from "dayjs/plugin/customParseFormat.js";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);
dayjs.locale("id");
dayjs.tz.setDefault("Asia/Jakarta");

export const ZONE = "Asia/Jakarta";
export default dayjs;

/** "26 November 2026 14.05 WIB" */
export const formatDateTime = (d: Date | string | null | undefined) =>
  d ? dayjs(d).tz(ZONE).format("D MMMM YYYY HH.mm") + " WIB" : "—";
/** "26 November 2026" */
export const formatDate = (d: Date | string | null | undefined) => (d ? dayjs(d).tz(ZONE).format("D MMMM YYYY") : "—");
/** "3 Desember 2026" from a "YYYY-MM-DD" string (a calendar date, no zone). */
export const formatIsoDate = (iso: string | null | undefined) => (iso ? dayjs.utc(iso).format("D MMMM YYYY") : "—");
