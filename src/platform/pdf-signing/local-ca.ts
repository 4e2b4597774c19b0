// The local signer's certificates: a self-signed CA of the city, the signing certificates
// it issues to officials, and the PKCS#12 files that carry a key with its certificates.
// Keys are made by node:crypto (node-forge's JavaScript key generation takes seconds);
// certificates and PKCS#12 files are built with node-forge. Pure: PEM and bytes in and out.
import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import forge from "node-forge";

export type Pem = { certPem: string; keyPem: string };

/** A PKCS#12 file could not be opened with the passphrase given. */
export class WrongPassphraseError extends Error {
  constructor() {
    super("Frasa sandi sertifikat salah.");
    this.name = "WrongPassphraseError";
  }
}

const OID = {
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  country: "2.5.4.6",
  title: "2.5.4.12",
  serialNumber: "2.5.4.5",
  emailAddress: "1.2.840.113549.1.9.1",
  documentSigning: "1.3.6.1.5.5.7.3.36",
  sha256WithRsa: "1.2.840.113549.1.1.11",
  keyBag: "1.2.840.113549.1.12.10.1.1",
  shroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
} as const;

/** forge's typings miss getTBSCertificate and type a name's value tag as a Class. */
const forgePki = forge.pki as typeof forge.pki & { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 };
const tag = (t: forge.asn1.Type) => t as unknown as forge.asn1.Class;

/** The CA's key lives for years; a signer's key for the two years of its certificate. */
const RSA_BITS = { ca: 3072, signer: 2048 } as const;

function newKeyPair(bits: number) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const pubPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  return { keyPem, forgePub: forge.pki.publicKeyFromPem(pubPem) };
}

/** A random positive serial number (16 bytes, the top bit clear), as hex. */
const serialHex = () => {
  const b = randomBytes(16);
  b[0] = ((b[0] ?? 0) & 0x7f) | 0x01;
  return b.toString("hex");
};

/** forge encodes a name's UTF8String itself: the value goes in as a JavaScript string. */
const utf8 = (s: string) => s.normalize("NFC");

function validity(cert: forge.pki.Certificate, now: Date, years: number) {
  // A minute back, so a clock a little behind still accepts a certificate made just now.
  const from = new Date(now.getTime() - 60_000);
  const to = new Date(now.getTime());
  to.setUTCFullYear(to.getUTCFullYear() + years);
  cert.validity.notBefore = from;
  cert.validity.notAfter = to;
}

/** A self-signed CA (RSA 3072) for the local signer. */
export function createLocalCa(o: { commonName: string; organization: string; years?: number; now?: Date }): Pem {
  const { keyPem, forgePub } = newKeyPair(RSA_BITS.ca);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forgePub;
  cert.serialNumber = serialHex();
  validity(cert, o.now ?? new Date(), o.years ?? 10);
  const name = [
    { type: OID.country, value: "ID" },
    { type: OID.organization, value: utf8(o.organization) },
    { type: OID.commonName, value: utf8(o.commonName) },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  signCertificate(cert, keyPem);
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

/** Signs with node:crypto (SHA-256 with RSA): forge's JavaScript RSA takes a second with a 3072-bit key. */
function signCertificate(cert: forge.pki.Certificate, issuerKeyPem: string) {
  cert.siginfo.algorithmOid = OID.sha256WithRsa;
  cert.signatureOid = cert.siginfo.algorithmOid;
  const tbs = Buffer.from(forge.asn1.toDer(forgePki.getTBSCertificate(cert)).getBytes(), "binary");
  cert.signature = sign("sha256", tbs, issuerKeyPem).toString("binary");
}

/** A signing certificate issued by `ca` to one official. */
export function issueSignerCertificate(
  ca: Pem,
  who: { name: string; organization: string; title?: string; email?: string; nik?: string },
  o: { years?: number; now?: Date } = {},
): Pem {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const { keyPem, forgePub } = newKeyPair(RSA_BITS.signer);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forgePub;
  cert.serialNumber = serialHex();
  validity(cert, o.now ?? new Date(), o.years ?? 2);
  const subject: forge.pki.CertificateField[] = [
    { type: OID.country, value: "ID" },
    { type: OID.organization, value: utf8(who.organization) },
  ];
  if (who.title) subject.push({ type: OID.title, value: utf8(who.title) });
  subject.push({ type: OID.commonName, value: utf8(who.name) });
  if (who.nik) subject.push({ type: OID.serialNumber, value: who.nik, valueTagClass: tag(forge.asn1.Type.PRINTABLESTRING) });
  if (who.email) subject.push({ type: OID.emailAddress, value: who.email, valueTagClass: tag(forge.asn1.Type.IA5STRING) });
  cert.setSubject(subject);
  cert.setIssuer(caCert.subject.attributes);
  const extensions: object[] = [
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
    { name: "extKeyUsage", emailProtection: true, [OID.documentSigning]: true },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ];
  if (who.email) extensions.push({ name: "subjectAltName", altNames: [{ type: 1, value: who.email }] });
  cert.setExtensions(extensions);
  signCertificate(cert, ca.keyPem);
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

/** A PKCS#12 file with the key, its certificate and the CA's, encrypted (AES-256) with the passphrase. */
export function toP12(cert: Pem, caCertPem: string, passphrase: string, friendlyName: string): Buffer {
  const key = forge.pki.privateKeyFromPem(createPrivateKey(cert.keyPem).export({ type: "pkcs1", format: "pem" }).toString());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [forge.pki.certificateFromPem(cert.certPem), forge.pki.certificateFromPem(caCertPem)], passphrase, {
    algorithm: "aes256",
    friendlyName: utf8(friendlyName),
    generateLocalKeyId: true,
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary");
}

/** What a PKCS#12 file holds: the key, the certificate that goes with it, and the others (its chain). */
export type P12Contents = { keyPem: string; certDer: Buffer; chainDer: Buffer[] };

/** Opens a PKCS#12 file. Throws WrongPassphraseError on a wrong passphrase, an Error (Indonesian) on a damaged file. */
export function openP12(p12: Buffer, passphrase: string): P12Contents {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString("binary")));
  } catch (e) {
    throw new Error("Berkas sertifikat (P12) rusak atau bukan berkas P12.", { cause: e });
  }
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (e) {
    if (e instanceof Error && /password|MAC|decrypt|Invalid|Too few bytes|Unparsed/i.test(e.message)) throw new WrongPassphraseError();
    throw new Error("Berkas sertifikat (P12) rusak atau tidak didukung.", { cause: e });
  }
  const keyBags = [
    ...(parsed.getBags({ bagType: OID.shroudedKeyBag })[OID.shroudedKeyBag] ?? []),
    ...(parsed.getBags({ bagType: OID.keyBag })[OID.keyBag] ?? []),
  ];
  const forgeKey = keyBags.find((b) => b.key)?.key;
  if (!forgeKey) throw new Error("Berkas sertifikat (P12) tidak berisi kunci privat (atau kuncinya bukan RSA).");
  const keyPem = createPrivateKey(forge.pki.privateKeyToPem(forgeKey)).export({ type: "pkcs8", format: "pem" }).toString();
  const spki = createPublicKey(keyPem).export({ type: "spki", format: "der" });
  const certs = (parsed.getBags({ bagType: OID.certBag })[OID.certBag] ?? []).flatMap((b) =>
    b.cert ? [Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(b.cert)).getBytes(), "binary")] : [],
  );
  const mine = certs.find((der) => new X509Certificate(der).publicKey.export({ type: "spki", format: "der" }).equals(spki));
  if (!mine) throw new Error("Berkas sertifikat (P12) tidak berisi sertifikat untuk kuncinya.");
  return { keyPem, certDer: mine, chainDer: certs.filter((c) => c !== mine) };
}

/** The subject CN of a certificate, or its whole subject when it has none. */
export function commonNameOf(x: X509Certificate): string {
  const cn = x.subject.split("\n").find((l) => l.startsWith("CN="));
  return cn ? cn.slice(3) : x.subject.replace(/\n/g, ", ");
}

/** Throws WrongPassphraseError on a wrong passphrase. The subject CN and the validity of the P12's certificate. */
export function readP12(p12: Buffer, passphrase: string): { subjectName: string; notBefore: Date; notAfter: Date; certPem: string } {
  const { certDer } = openP12(p12, passphrase);
  const x = new X509Certificate(certDer);
  return { subjectName: commonNameOf(x), notBefore: new Date(x.validFrom), notAfter: new Date(x.validTo), certPem: x.toString() };
}
