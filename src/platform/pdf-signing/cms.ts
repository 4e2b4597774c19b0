// The CMS SignedData of a PAdES baseline B signature (ETSI EN 319 142-1): detached, SHA-256,
// signed attributes contentType, messageDigest and ESS signing-certificate-v2 (no
// signing-time: the time is the signature dictionary's /M). Signed by node:crypto.
import { createHash, sign, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

export const OIDS = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  signatureTimeStamp: "1.2.840.113549.1.9.16.2.14",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha256WithRsa: "1.2.840.113549.1.1.11",
} as const;

const certificate = (der: Buffer) => pkijs.Certificate.fromBER(new Uint8Array(der));

/** The DER of a detached CMS SignedData over `content`, by the key of `certDer`, carrying `certDer` and `chainDer`. */
export function buildCms(content: Buffer, keyPem: string, certDer: Buffer, chainDer: Buffer[]): Buffer {
  const signer = certificate(certDer);
  const digest = createHash("sha256").update(content).digest();
  const issuerSerial = () => new asn1js.Integer({ valueHex: signer.serialNumber.valueBlock.valueHexView.slice() });
  // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 ::= SEQUENCE {
  // hashAlgorithm DEFAULT sha256 (so left out), certHash, issuerSerial { GeneralNames, serial } }
  const signingCertificateV2 = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.OctetString({ valueHex: createHash("sha256").update(certDer).digest() }),
              new asn1js.Sequence({
                value: [
                  new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [signer.issuer.toSchema()] })] }),
                  issuerSerial(),
                ],
              }),
            ],
          }),
        ],
      }),
    ],
  });
  const attributes = [
    new pkijs.Attribute({ type: OIDS.contentType, values: [new asn1js.ObjectIdentifier({ value: OIDS.data })] }),
    new pkijs.Attribute({ type: OIDS.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
    new pkijs.Attribute({ type: OIDS.signingCertificateV2, values: [signingCertificateV2] }),
  ];
  const signedAttrsDer = Buffer.from(new asn1js.Set({ value: attributes.map((a) => a.toSchema()) }).toBER(false));
  const signature = sign("sha256", signedAttrsDer, keyPem);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: issuerSerial() }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OIDS.sha256 }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OIDS.sha256WithRsa, algorithmParams: new asn1js.Null() }),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OIDS.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OIDS.data }),
    certificates: [signer, ...chainDer.map(certificate)],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OIDS.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}

/** An upper bound of the CMS's size, for the /Contents placeholder: the certificates, the RSA signature and room to spare (a later time-stamp). */
export function cmsSizeBound(certDer: Buffer, chainDer: Buffer[]): number {
  const modulusBytes = Math.ceil((new X509Certificate(certDer).publicKey.asymmetricKeyDetails?.modulusLength ?? 4096) / 8);
  return certDer.length + chainDer.reduce((n, c) => n + c.length, 0) + modulusBytes + 2048 + 6144;
}
