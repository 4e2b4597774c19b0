// The signature provider seam. The signing use case calls only this; two providers
// implement it: BSrE's signing API (bsre.ts) and the local signer (local.ts), which
// signs PAdES with a CA of the city's own for development, tests and cities without
// BSrE access. The signer's passphrase or OTP passes through `sign` for that call only:
// no provider keeps, logs or queues it.

/** Who signs: BSrE identifies a signer by NIK or by e-mail. */
export type SignerIdentity = { userId: number; name: string; email: string | null; nik: string | null };

/** READY: the signer may sign now. The other states carry a message for the user, in Indonesian. */
export type SignerStatus = { state: "READY" } | { state: "NOT_REGISTERED" | "NO_CERTIFICATE" | "UNAVAILABLE"; message: string };

/** A visible signature: where it goes (PDF points from the page's bottom left; page 1 is the first) and what it shows. */
export type VisibleSignature = {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The QR code of the signature's verification page, as PNG. */
  qrPng: Buffer;
  /** The text beside the QR code: who signed, as what, and the verification address. */
  lines: string[];
};

/** What the signer typed for this request only. */
export type SignSecret = { kind: "passphrase"; value: string } | { kind: "totp"; value: string };

export type SignRequest = {
  pdf: Buffer;
  signer: SignerIdentity;
  secret: SignSecret;
  reason: string;
  location: string;
  visible: VisibleSignature;
};

export type SignResult = {
  pdf: Buffer;
  /** The provider's own time of signing, when it says one (its clock may differ from ours by minutes). */
  providerTime: Date | null;
};

export type RemoteVerification = {
  signatureCount: number;
  conclusion: "VALID" | "NO_SIGNATURE" | "INVALID";
  signatures: {
    signerName: string;
    signedAt: Date | null;
    integrityValid: boolean;
    certificateTrusted: boolean;
    format: string | null;
    ltv: boolean;
  }[];
};

export interface SignatureProvider {
  readonly id: "bsre" | "local";
  /** Its name for users: "BSrE (BSSN)", "Penanda tangan lokal". */
  readonly label: string;
  /** What the signer may type: BSrE takes a passphrase or an OTP; the local signer a passphrase. */
  readonly secretKinds: readonly SignSecret["kind"][];
  status(signer: SignerIdentity): Promise<SignerStatus>;
  /**
   * Signs once. Never retried: a request sent without an answer in time throws
   * SignOutcomeUnknown (the document may or may not be signed at the provider).
   */
  sign(req: SignRequest, opts: { timeoutMs: number }): Promise<SignResult>;
  /** The provider's own verification, where it offers one. */
  verify?(pdf: Buffer, opts: { timeoutMs: number }): Promise<RemoteVerification>;
}

/** The request was sent and no answer came in time: the outcome is unknown; it must be checked, never resent blindly. */
export class SignOutcomeUnknown extends Error {
  constructor(readonly detail: string) {
    super(`sign request sent, no answer: ${detail}`);
  }
}

/** Nothing was sent (connection refused, name not found): safe to try again later. */
export class ProviderUnavailable extends Error {
  constructor(readonly detail: string) {
    super(`signature provider unavailable: ${detail}`);
  }
}

export type SignRefusal = "WRONG_SECRET" | "NOT_REGISTERED" | "NO_CERTIFICATE" | "BAD_DOCUMENT" | "PROVIDER_ERROR";

/** The provider answered and did not sign; `userMessage` is for the signer, in Indonesian. */
export class SignRefused extends Error {
  constructor(
    readonly code: SignRefusal,
    readonly userMessage: string,
    readonly detail = "",
  ) {
    super(`signature refused (${code})${detail ? `: ${detail}` : ""}`);
  }
}
