// Signing PDFs (PAdES baseline B, incremental updates) and verifying their signatures.
// Pure functions of bytes and strings: they run in a parsing process.
export { createLocalCa, issueSignerCertificate, toP12, readP12, WrongPassphraseError, type Pem } from "./local-ca.js";
export { signPdf, type Appearance, type SignOptions } from "./sign.js";
export { verifyPdfSignatures, type PdfVerification, type SignatureInfo } from "./verify.js";
