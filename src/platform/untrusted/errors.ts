// Why a file someone sent could not be read. `message` completes a sentence about the
// file in Indonesian ("Berkas X <message>"), so every caller can name the file.
export type UntrustedReason =
  /** Over a budget checked before the work (zip entries and sizes, pages). */
  | "budget"
  /** Not the kind of file it claims to be, or damaged. */
  | "unreadable"
  /** Took longer than its time limit. */
  | "timeout"
  /** Needed more memory than its limit. */
  | "memory"
  /** The parsing process ended without an answer. */
  | "crashed"
  /** Too many files waiting to be read: try again shortly. */
  | "busy"
  /** The key or file needs a passphrase, and the one given is wrong. */
  | "locked";

export class UntrustedFileError extends Error {
  /** How the parsing process ended, for the log (never shown to users). */
  detail?: string;

  constructor(
    public readonly reason: UntrustedReason,
    message: string,
  ) {
    super(message);
    this.name = "UntrustedFileError";
  }

  /** Worth another try later (the server was busy or the process died), not a verdict on the file. */
  get transient(): boolean {
    return this.reason === "busy" || this.reason === "crashed";
  }
}

/**
 * A feature's own verdict on a file it parsed (a locked PDF, an import with wrong
 * headers), with a message for the user. The parsing process passes the message on.
 */
export class FileProblem extends Error {
  override name = "FileProblem";
}
