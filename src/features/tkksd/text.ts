// Text rules of the meeting's documents, shared by the Word letters and the PDFs.

/** A sentence's text without its own closing full stop (the document adds one). */
export const withoutStop = (s: string) => s.trim().replace(/[.\s]+$/, "");
