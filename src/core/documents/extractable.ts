// Which documents have text to search: PDF and Word. (A separate module, so that
// writing a document does not load the PDF and Word readers.)
import { ALLOWED_TYPES } from "../../platform/files/blob-store.js";

export const EXTRACTABLE = [ALLOWED_TYPES.pdf, ALLOWED_TYPES.docx];
export const isExtractable = (mime: string) => EXTRACTABLE.includes(mime);
