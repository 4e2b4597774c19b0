// Encryption of the off-site copies with age (https://age-encryption.org, the
// `age-encryption` library by its author): to the operator's PUBLIC key(s) only, so
// the server can write a copy it cannot read. Both ways stream in 64 KiB chunks:
// memory stays flat whatever the backup's size. The private key (identity) is read
// from a file given to the restore drill, never kept by the app.
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";

export class OffsiteError extends Error {}

const age = () => import("age-encryption");

/** Throws OffsiteError when a recipient is not a valid age public key (its checksum included). */
export async function checkRecipients(recipients: readonly string[]): Promise<void> {
  const { Encrypter } = await age();
  for (const r of recipients) {
    try {
      new Encrypter().addRecipient(r);
    } catch (e) {
      throw new OffsiteError(`BACKUP_RECIPIENT: kunci publik age ${r.slice(0, 16)}… tidak valid (${(e as Error).message}).`);
    }
  }
}

/** `input` encrypted to every recipient, as a stream. */
export async function encryptStream(input: Readable, recipients: readonly string[]): Promise<Readable> {
  const { Encrypter } = await age();
  const e = new Encrypter();
  for (const r of recipients) e.addRecipient(r);
  const out = await e.encrypt(Readable.toWeb(input) as ReadableStream<Uint8Array>);
  return Readable.fromWeb(out as import("node:stream/web").ReadableStream<Uint8Array>);
}

/** The identities (AGE-SECRET-KEY-...) in an age-keygen file: one a line, `#` lines are comments. */
export async function readIdentities(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new OffsiteError(`Berkas kunci rahasia ${file} tidak dapat dibaca (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  const ids = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  if (!ids.length || !ids.every((l) => l.startsWith("AGE-SECRET-KEY-")))
    throw new OffsiteError(`Berkas ${file} bukan kunci rahasia age (baris AGE-SECRET-KEY-..., dibuat oleh age-keygen).`);
  return ids;
}

/** `input` (an age file) decrypted with the identities, as a stream; the header is checked before it returns. */
export async function decryptStream(input: Readable, identities: readonly string[]): Promise<Readable> {
  const { Decrypter } = await age();
  const d = new Decrypter();
  for (const id of identities) d.addIdentity(id);
  try {
    const out = await d.decrypt(Readable.toWeb(input) as ReadableStream<Uint8Array>);
    return Readable.fromWeb(out as import("node:stream/web").ReadableStream<Uint8Array>);
  } catch (e) {
    throw new OffsiteError(`Salinan tidak dapat dibuka dengan kunci rahasia ini (${(e as Error).message}).`);
  }
}
