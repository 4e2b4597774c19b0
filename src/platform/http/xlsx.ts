// Dates in the workbooks the app writes (register, import template, ministry report):
// real date cells, so that Excel and LibreOffice sort, filter and compute with them,
// shown the Indonesian way. "dd/mm/yyyy" reads the same in both programs whatever
// their language (a month name format would be English in an English Excel).
import { fromDbDate, toDbDate } from "../time.js";

export const XLSX_DATE_FORMAT = "dd/mm/yyyy";

/**
 * A calendar day (YYYY-MM-DD, or a date column from the database) as the Date exceljs
 * writes as that day's date cell (UTC midnight); null for none.
 */
export const xlsxDate = (d: string | Date | null | undefined): Date | null => {
  if (d === null || d === undefined || d === "") return null;
  return toDbDate(typeof d === "string" ? d : fromDbDate(d));
};
