// Verifying a PDF's signatures. The signature dictionaries are found by scanning the raw
// bytes for /ByteRange (they are never in object streams in practice, and the scan sees
// every revision of an incrementally updated file); each is checked on its own: the byte
// range's sanity, the digest, the CMS signature, the certificate chain to the trust
// anchors at the signing time. Never throws for a bad signature (it is reported in
// `problem`); throws only for a file that is not a PDF at all.
import { createHash, X509Certificate, verify as cryptoVerify, constants } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { OIDS } from "./cms.js";
import { commonNameOf } from "./local-ca.js";

export type SignatureInfo = {
  /** 0-based, in file order. */
  index: number;
  fieldName: string | null;
  /** The subject CN of the signing certificate. */
  signerName: string | null;
  /** The full subject, readable (CN=..., O=...). */
  signerSubject: string | null;
  issuerName: string | null;
  /** Hex. */
  serialNumber: string | null;
  /** ISO: the signing-time attribute if present, else the dictionary's /M, else null. */
  signedAt: string | null;
  reason: string | null;
  location: string | null;
  subFilter: string | null;
  /** The digest of the byte ranges matches messageDigest and the CMS signature over the signed attributes verifies. */
  integrityValid: boolean;
  /** Its ByteRange reaches the end of the file. */
  coversWholeDocument: boolean;
  /** What follows its revision: nothing, only revisions a later valid signature covers, or changes no signature covers. */
  changedAfter: "none" | "signed_revisions" | "unsigned_changes";
  /** The signer's certificate chains to a trust anchor, validity checked at the signing time. */
  certificateTrusted: boolean;
  /** Why not, in English for logs. */
  trustProblem: string | null;
  certificateValidAtSigning: boolean;
  /** An RFC 3161 signature-time-stamp unsigned attribute exists (not checked further: no LTV claim). */
  timestamped: boolean;
  /** Unparseable CMS, an odd byte range and the like. */
  problem: string | null;
};
export type PdfVerification = {
  signatureCount: number;
  signatures: SignatureInfo[];
  conclusion: "NO_SIGNATURE" | "VALID" | "UNTRUSTED" | "MODIFIED" | "INVALID";
};

const MAX_PDF_BYTES = 200 * 1024 * 1024;
const MAX_SIGNATURES = 50;
/** A /Contents larger than this is not a signature (a CMS with a long chain and a time-stamp is some 20 KB). */
const MAX_CONTENTS_BYTES = 1024 * 1024;
/** How far back from /ByteRange the object's start is looked for, and forward its end (beyond the /Contents). */
const DICT_WINDOW = 16 * 1024;

const DIGESTS: Record<string, string> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};
const RSA_PSS = "1.2.840.113549.1.1.10";

type Found = {
  info: SignatureInfo;
  /** The offset of its /ByteRange. */
  at: number;
  /** The byte range when it is sane. */
  range: [number, number, number, number] | null;
  signedAtDate: Date | null;
};

const blank = (index: number): SignatureInfo => ({
  index,
  fieldName: null,
  signerName: null,
  signerSubject: null,
  issuerName: null,
  serialNumber: null,
  signedAt: null,
  reason: null,
  location: null,
  subFilter: null,
  integrityValid: false,
  coversWholeDocument: false,
  changedAfter: "unsigned_changes",
  certificateTrusted: false,
  trustProblem: null,
  certificateValidAtSigning: false,
  timestamped: false,
  problem: null,
});

// --- Reading the dictionary's text -------------------------------------------------------

/** A PDF string's bytes as text: UTF-16BE with its byte order mark, UTF-8 with its, else PDFDocEncoding (taken as Latin-1). */
function decodeTextBytes(b: Buffer): string {
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const swapped = Buffer.from(b.subarray(2));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString("utf8");
  return b.toString("latin1");
}

/** The literal string starting at `text[i] === "("`: its bytes and the index after it. */
function readLiteral(text: string, i: number): { bytes: Buffer; end: number } {
  const out: number[] = [];
  let depth = 0;
  let j = i;
  const esc: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, "(": 40, ")": 41, "\\": 92 };
  for (; j < text.length; j++) {
    const c = text[j] ?? "";
    if (c === "\\") {
      const n = text[j + 1] ?? "";
      if (n in esc) {
        out.push(esc[n] ?? 0);
        j++;
      } else if (/[0-7]/.test(n)) {
        const m = /^[0-7]{1,3}/.exec(text.slice(j + 1, j + 4))?.[0] ?? "0";
        out.push(parseInt(m, 8) & 0xff);
        j += m.length;
      } else if (n === "\r" || n === "\n") {
        j += n === "\r" && text[j + 2] === "\n" ? 2 : 1;
      } else j++;
      continue;
    }
    if (c === "(") {
      depth++;
      if (depth === 1) continue;
    } else if (c === ")") {
      depth--;
      if (depth === 0) return { bytes: Buffer.from(out), end: j + 1 };
    }
    out.push(c.charCodeAt(0) & 0xff);
  }
  return { bytes: Buffer.from(out), end: j };
}

/**
 * The top-level entries of a dictionary's text (from its "<<"): names, strings (decoded),
 * numbers; nested dictionaries and arrays skipped (kept as null). Stops at the matching ">>".
 */
function topLevelEntries(text: string): Map<string, string | null> {
  const entries = new Map<string, string | null>();
  let i = text.indexOf("<<");
  if (i < 0) return entries;
  i += 2;
  let key: string | null = null;
  const put = (v: string | null) => {
    if (key !== null) {
      if (!entries.has(key)) entries.set(key, v);
      key = null;
    }
  };
  while (i < text.length) {
    const c = text[i] ?? "";
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith(">>", i)) {
      return entries;
    } else if (text.startsWith("<<", i) || c === "[") {
      // Skip a nested dictionary or array, strings inside included.
      let depth = 0;
      for (; i < text.length;) {
        if (text.startsWith("<<", i) || text[i] === "[") {
          depth++;
          i += text[i] === "[" ? 1 : 2;
        } else if (text.startsWith(">>", i) || text[i] === "]") {
          depth--;
          i += text[i] === "]" ? 1 : 2;
          if (depth === 0) break;
        } else if (text[i] === "(") i = readLiteral(text, i).end;
        else if (text[i] === "<") i = text.indexOf(">", i) < 0 ? text.length : text.indexOf(">", i) + 1;
        else i++;
      }
      put(null);
    } else if (c === "(") {
      const { bytes, end } = readLiteral(text, i);
      put(decodeTextBytes(bytes));
      i = end;
    } else if (c === "<") {
      const end = text.indexOf(">", i);
      const hex = text.slice(i + 1, end < 0 ? text.length : end).replace(/\s/g, "");
      put(decodeTextBytes(Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex")));
      i = end < 0 ? text.length : end + 1;
    } else if (c === "/") {
      const m = /^\/[^\s/<>[\]()]*/.exec(text.slice(i, i + 256))?.[0] ?? "/";
      const name = m.slice(1).replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      if (key === null) key = name;
      else put(name);
      i += m.length;
    } else {
      const m = /^[^\s/<>[\]()]+/.exec(text.slice(i, i + 64))?.[0] ?? c;
      // "12 0 R": a reference is kept as its text.
      const ref = /^(\d+)\s+(\d+)\s+R/.exec(text.slice(i, i + 32));
      if (ref) {
        put(ref[0]);
        i += ref[0].length;
      } else {
        put(m);
        i += m.length;
      }
    }
  }
  return entries;
}

/** A PDF date (D:YYYYMMDDHHmmSSOHH'mm') as a Date, or null. */
export function parsePdfDate(s: string | null | undefined): Date | null {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(s?.trim() ?? "");
  if (!m) return null;
  const n = (k: number, d: number) => (m[k] ? Number(m[k]) : d);
  let t = Date.UTC(n(1, 0), n(2, 1) - 1, n(3, 1), n(4, 0), n(5, 0), n(6, 0));
  const sign = m[7] === "+" ? 1 : m[7] === "-" ? -1 : 0;
  t -= sign * (n(8, 0) * 60 + n(9, 0)) * 60_000;
  return Number.isNaN(t) ? null : new Date(t);
}

// --- The CMS ---------------------------------------------------------------------------

const buf = (v: ArrayBuffer | Uint8Array) => Buffer.from(v instanceof Uint8Array ? v : new Uint8Array(v));
const certDer = (c: pkijs.Certificate) => Buffer.from(c.toSchema().toBER(false));

function findSigner(sd: pkijs.SignedData, si: pkijs.SignerInfo): pkijs.Certificate | null {
  const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const sid = si.sid;
    return certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null;
  }
  if (si.sid instanceof asn1js.Constructed || si.sid instanceof asn1js.OctetString || si.sid instanceof asn1js.Primitive) {
    const want = buf((si.sid as asn1js.OctetString).valueBlock.valueHexView);
    return (
      certs.find((c) => {
        const ski = c.extensions?.find((e) => e.extnID === "2.5.29.14");
        const parsed = ski?.parsedValue as asn1js.OctetString | undefined;
        return parsed ? buf(parsed.valueBlock.valueHexView).equals(want) : false;
      }) ?? null
    );
  }
  return null;
}

function attr(attrs: pkijs.SignedAndUnsignedAttributes | undefined, oid: string): unknown {
  return attrs?.attributes.find((a) => a.type === oid)?.values[0];
}

/** Verifies `sig` over `data` with the certificate's key, by the signer info's algorithms. */
function verifySignature(x: X509Certificate, digest: string, sigAlgOid: string, data: Buffer, sig: Buffer): boolean {
  const key = x.publicKey;
  if (key.asymmetricKeyType === "rsa" || key.asymmetricKeyType === "rsa-pss") {
    if (sigAlgOid === RSA_PSS)
      return cryptoVerify(digest, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig);
    return cryptoVerify(digest, data, { key, padding: constants.RSA_PKCS1_PADDING }, sig);
  }
  if (key.asymmetricKeyType === "ec") return cryptoVerify(digest, data, { key, dsaEncoding: "der" }, sig);
  if (key.asymmetricKeyType === "ed25519" || key.asymmetricKeyType === "ed448") return cryptoVerify(null, data, key, sig);
  throw new Error(`unsupported key type ${key.asymmetricKeyType ?? "unknown"}`);
}

/** The subject or issuer as "CN=..., O=..., C=..." (the CN first, then the rest most specific first, as RFC 4514) from node's multi-line form. */
const readable = (dn: string) => {
  const parts = dn.split("\n").filter(Boolean).reverse();
  return [...parts.filter((p) => p.startsWith("CN=")), ...parts.filter((p) => !p.startsWith("CN="))].join(", ");
};

function validAt(x: X509Certificate, at: Date): boolean {
  const from = Date.parse(x.validFrom);
  const to = Date.parse(x.validTo);
  return at.getTime() >= from && at.getTime() <= to;
}

/** Chains the signer to an anchor (the CMS's other certificates as intermediates), every certificate valid at `at`. */
function checkTrust(signer: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[], at: Date): string | null {
  let current = signer;
  const seen = new Set<string>();
  for (let depth = 0; depth < 10; depth++) {
    if (!validAt(current, at)) return `certificate "${readable(current.subject)}" is not valid at the signing time ${at.toISOString()}`;
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256)) return null;
    seen.add(current.fingerprint256);
    const issuedBy = (c: X509Certificate) => {
      try {
        return c.ca && current.checkIssued(c) && current.verify(c.publicKey);
      } catch {
        return false;
      }
    };
    const anchor = anchors.find(issuedBy);
    if (anchor) return validAt(anchor, at) ? null : `trust anchor "${readable(anchor.subject)}" is not valid at the signing time`;
    const next = pool.find((c) => !seen.has(c.fingerprint256) && issuedBy(c));
    if (!next) {
      return current.checkIssued(current)
        ? `self-signed certificate "${readable(current.subject)}" is not a trust anchor`
        : `the issuer of "${readable(current.subject)}" (${readable(current.issuer)}) is neither a trust anchor nor in the signature`;
    }
    current = next;
  }
  return "certificate chain too long";
}

/** Checks the CMS of one signature against the bytes it covers; fills the signer fields of `info`. */
function checkCms(pdf: Buffer, range: [number, number, number, number], cmsBytes: Buffer, f: Found, anchors: X509Certificate[]): void {
  const info = f.info;
  const parsed = asn1js.fromBER(new Uint8Array(cmsBytes));
  if (parsed.offset === -1) throw new Error("the /Contents is not DER (not a CMS)");
  const ci = new pkijs.ContentInfo({ schema: parsed.result });
  if (ci.contentType !== OIDS.signedData) throw new Error("the CMS is not SignedData");
  const sd = new pkijs.SignedData({ schema: ci.content });
  const si = sd.signerInfos[0];
  if (!si) throw new Error("the CMS has no signer");
  const signerCert = findSigner(sd, si);
  if (!signerCert) throw new Error("the signer's certificate is not in the CMS");
  const x = new X509Certificate(certDer(signerCert));
  info.signerName = commonNameOf(x);
  info.signerSubject = readable(x.subject);
  const issuerCn = x.issuer.split("\n").find((l) => l.startsWith("CN="));
  info.issuerName = issuerCn ? issuerCn.slice(3) : readable(x.issuer);
  info.serialNumber = x.serialNumber.toLowerCase();
  info.timestamped = !!si.unsignedAttrs?.attributes.some((a) => a.type === OIDS.signatureTimeStamp);
  const signingTime = attr(si.signedAttrs, OIDS.signingTime);
  if (signingTime instanceof asn1js.UTCTime || signingTime instanceof asn1js.GeneralizedTime) {
    f.signedAtDate = signingTime.toDate();
    info.signedAt = f.signedAtDate.toISOString();
  }

  const digestName = DIGESTS[si.digestAlgorithm.algorithmId];
  if (!digestName) throw new Error(`unsupported digest algorithm ${si.digestAlgorithm.algorithmId}`);
  const [a, b, c, d] = range;
  const covered = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  let content = covered;
  const eContent = sd.encapContentInfo.eContent;
  if (eContent) {
    // adbe.pkcs7.sha1: the CMS carries the SHA-1 of the byte ranges as its content.
    const carried = buf(eContent.getValue());
    if (!carried.equals(createHash("sha1").update(covered).digest())) {
      info.integrityValid = false;
      return;
    }
    content = carried;
  }
  const signature = buf(si.signature.valueBlock.valueHexView);
  let ok: boolean;
  if (si.signedAttrs) {
    const md = attr(si.signedAttrs, OIDS.messageDigest);
    if (!(md instanceof asn1js.OctetString)) throw new Error("the CMS has no messageDigest attribute");
    const digestOk = buf(md.valueBlock.valueHexView).equals(createHash(digestName).update(content).digest());
    const signedAttrs = buf(si.signedAttrs.encodedValue); // pkijs gives it with the SET tag
    ok = digestOk && verifySignature(x, digestName, si.signatureAlgorithm.algorithmId, signedAttrs, signature);
  } else {
    ok = verifySignature(x, digestName, si.signatureAlgorithm.algorithmId, content, signature);
  }
  info.integrityValid = ok;

  const at = f.signedAtDate ?? new Date();
  info.certificateValidAtSigning = validAt(x, at);
  const pool = (sd.certificates ?? []).filter((k): k is pkijs.Certificate => k instanceof pkijs.Certificate).map((k) => new X509Certificate(certDer(k)));
  info.trustProblem = checkTrust(x, pool, anchors, at);
  info.certificateTrusted = info.trustProblem === null;
}

// --- The file --------------------------------------------------------------------------

const isWhite = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;

/** Reads one signature dictionary around the /ByteRange at `at`. */
function readSignature(pdf: Buffer, at: number, index: number, anchors: X509Certificate[]): Found {
  const f: Found = { info: blank(index), at, range: null, signedAtDate: null };
  const info = f.info;
  try {
    const m = /^\/ByteRange\s*\[\s*(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s*\]/.exec(pdf.subarray(at, at + 120).toString("latin1"));
    if (!m) throw new Error("the /ByteRange is not four non-negative integers");
    const range = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number];
    const [a, b, c, d] = range;
    if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length) throw new Error(`the /ByteRange [${range.join(" ")}] is outside the file or out of order`);
    if (at >= b && at < c) throw new Error("the /ByteRange lies inside the gap it leaves unsigned");
    if (pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) throw new Error("the gap of the /ByteRange is not the /Contents hex string");
    if ((c - b - 2) / 2 > MAX_CONTENTS_BYTES) throw new Error("the /Contents is too large for a signature");
    const hex = pdf.subarray(b + 1, c - 1).toString("latin1");
    if (!/^[0-9a-fA-F\s]*$/.test(hex)) throw new Error("the /Contents is not a hex string");
    const before = pdf.subarray(Math.max(0, b - 32), b).toString("latin1");
    if (!/\/Contents\s*$/.test(before)) throw new Error("the gap of the /ByteRange is not this dictionary's /Contents");
    f.range = range;
    info.coversWholeDocument = c + d === pdf.length || (c + d < pdf.length && pdf.subarray(c + d).every((x) => isWhite(x)));

    // The dictionary's text without the /Contents: from its "obj" to its "endobj" (bounded).
    const objAt = pdf.lastIndexOf(" obj", Math.min(at, b));
    const start = objAt >= 0 && Math.min(at, b) - objAt < DICT_WINDOW ? objAt + 4 : Math.max(0, Math.min(at, b) - DICT_WINDOW);
    const endAt = pdf.indexOf("endobj", Math.max(at, c));
    const end = endAt >= 0 && endAt - Math.max(at, c) < DICT_WINDOW ? endAt : Math.min(pdf.length, Math.max(at, c) + DICT_WINDOW);
    const text = pdf.subarray(start, b).toString("latin1") + "<>" + pdf.subarray(c, end).toString("latin1");
    const e = topLevelEntries(text);
    info.reason = e.get("Reason") ?? null;
    info.location = e.get("Location") ?? null;
    info.subFilter = e.get("SubFilter") ?? null;
    const m2 = parsePdfDate(e.get("M"));
    if (m2) {
      f.signedAtDate = m2;
      info.signedAt = m2.toISOString();
    }

    const cmsHex = hex.replace(/\s/g, "");
    const cmsBytes = Buffer.from(cmsHex.length % 2 ? `${cmsHex}0` : cmsHex, "hex");
    checkCms(pdf, range, cmsBytes, f, anchors);
  } catch (e) {
    info.integrityValid = false;
    info.problem = e instanceof Error ? e.message : String(e);
  }
  return f;
}

/** The names of signature fields, by the object number of their signature dictionary ("/V 12 0 R"). */
function fieldNamesByValue(pdf: Buffer): Map<string, string> {
  const names = new Map<string, string>();
  const text = pdf.toString("latin1");
  const re = /\/FT\s*\/Sig\b/g;
  let m: RegExpExecArray | null;
  let count = 0;
  while ((m = re.exec(text)) && count++ < 1000) {
    const from = text.lastIndexOf("<<", m.index);
    const objAt = text.lastIndexOf(" obj", m.index);
    const start = Math.max(from, objAt);
    if (start < 0 || m.index - start > DICT_WINDOW) continue;
    const e = topLevelEntries(text.slice(objAt >= 0 && m.index - objAt < DICT_WINDOW ? objAt : from, Math.min(text.length, m.index + DICT_WINDOW)));
    const v = e.get("V");
    const t = e.get("T");
    if (v && t) names.set(v.replace(/\s+R$/, ""), t);
  }
  return names;
}

/** The object number and generation ("12 0") of the object whose text holds `at`, or null. */
function objectIdAt(pdf: Buffer, at: number): string | null {
  const objAt = pdf.lastIndexOf(" obj", at);
  if (objAt < 0 || at - objAt > DICT_WINDOW) return null;
  const m = /(\d+)\s+(\d+)\s*$/.exec(pdf.subarray(Math.max(0, objAt - 24), objAt).toString("latin1"));
  return m ? `${m[1]} ${m[2]}` : null;
}

/** Where each revision after `from` ends: just past each "%%EOF" (a revision's last line). */
function eofEndsAfter(pdf: Buffer, from: number): number[] {
  const ends: number[] = [];
  for (let at = pdf.indexOf("%%EOF", from); at >= 0 && ends.length < 1000; at = pdf.indexOf("%%EOF", at + 5)) ends.push(at + 5);
  return ends;
}

/** The signatures of a PDF and what they prove. Throws only for a file that is not a PDF (or too large to check). */
// eslint-disable-next-line @typescript-eslint/require-await -- async for callers: verification may later fetch revocation data
export async function verifyPdfSignatures(pdf: Buffer, trustAnchorsPem: string[]): Promise<PdfVerification> {
  if (pdf.length > MAX_PDF_BYTES) throw new Error("Berkas PDF terlalu besar untuk diperiksa.");
  if (!pdf.subarray(0, 1024).includes("%PDF-")) throw new Error("Berkas bukan PDF.");
  const anchors = trustAnchorsPem.flatMap((pem) => {
    try {
      return [new X509Certificate(pem)];
    } catch {
      return [];
    }
  });
  const found: Found[] = [];
  for (let at = pdf.indexOf("/ByteRange"); at >= 0 && found.length < MAX_SIGNATURES; at = pdf.indexOf("/ByteRange", at + 10)) {
    found.push(readSignature(pdf, at, found.length, anchors));
  }
  if (found.length === 0) return { signatureCount: 0, signatures: [], conclusion: "NO_SIGNATURE" };

  const names = fieldNamesByValue(pdf);
  let end = pdf.length;
  while (end > 0 && isWhite(pdf[end - 1])) end--;
  // The furthest point covered by a sound signature: what lies beyond it, no signature covers.
  const sound = found.filter((f) => f.range && f.info.integrityValid && !f.info.problem);
  const reach = (f: Found) => (f.range ? f.range[2] + f.range[3] : 0);
  const furthest = Math.max(0, ...sound.map(reach));
  for (const f of found) {
    const id = objectIdAt(pdf, f.at);
    f.info.fieldName = id ? (names.get(id) ?? null) : null;
    if (f.info.coversWholeDocument) f.info.changedAfter = "none";
    else {
      const mine = reach(f);
      // Every revision added after this signature must be a later signature's own revision, by a
      // trusted and intact signature: one revision without its signature in between (a page
      // blanked, then signed over) is an unsigned change, even when a later signature covers it.
      const trusted = sound.filter((s) => s.info.certificateTrusted && reach(s) > mine).map(reach);
      const revisionEnds = eofEndsAfter(pdf, mine);
      const everyRevisionSigned = revisionEnds.length > 0 && revisionEnds.every((e) => trusted.some((r) => r >= e && r <= e + 2));
      f.info.changedAfter = furthest >= end && everyRevisionSigned ? "signed_revisions" : "unsigned_changes";
    }
  }
  const signatures = found.map((f) => f.info);
  const conclusion = signatures.some((s) => !s.integrityValid || s.problem)
    ? "INVALID"
    : signatures.some((s) => s.changedAfter === "unsigned_changes")
      ? "MODIFIED"
      : signatures.some((s) => !s.certificateTrusted)
        ? "UNTRUSTED"
        : "VALID";
  return { signatureCount: signatures.length, signatures, conclusion };
}
