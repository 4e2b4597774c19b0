// Issue 27: the settings of the off-site copies (features/ops/offsite-*.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateIdentity, identityToRecipient } from "age-encryption";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/platform/config.js";
import { checkRecipients, OffsiteError } from "../../src/features/ops/offsite-age.js";

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), "kd-offcfg-"));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("off-site backup settings", () => {
  it("when BACKUP_OFFSITE_DIR and two public keys are set then the copies go there encrypted to both, keeping 14 by default", async () => {
    const a = await identityToRecipient(await generateIdentity());
    const b = await identityToRecipient(await generateIdentity());
    const c = loadConfig({ DATA_DIR: tmp(), BACKUP_OFFSITE_DIR: "/mnt/cadangan", BACKUP_RECIPIENT: `${a}, ${b}` });
    expect(c.offsite).toEqual({ dir: "/mnt/cadangan", recipients: [a, b], keep: 14 });
    await expect(checkRecipients(c.offsite?.recipients ?? [])).resolves.toBeUndefined();
    expect(loadConfig({ DATA_DIR: tmp() }).offsite).toBeNull();
  });

  it("when the key is a secret key, not an age key, or only one of the two settings is given then the start stops naming the setting", () => {
    const dir = tmp();
    expect(() => loadConfig({ DATA_DIR: dir, BACKUP_OFFSITE_DIR: "/mnt/c", BACKUP_RECIPIENT: "AGE-SECRET-KEY-1QQQQ" })).toThrow(
      /BACKUP_RECIPIENT: harus kunci publik age/,
    );
    expect(() => loadConfig({ DATA_DIR: dir, BACKUP_OFFSITE_DIR: "/mnt/c", BACKUP_RECIPIENT: "-----BEGIN PGP PUBLIC KEY BLOCK-----" })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dir, BACKUP_OFFSITE_DIR: "/mnt/c" })).toThrow(/BACKUP_RECIPIENT: wajib diisi bila BACKUP_OFFSITE_DIR diisi/);
    expect(() => loadConfig({ DATA_DIR: dir, BACKUP_RECIPIENT: "age1" + "q".repeat(58) })).toThrow(/BACKUP_OFFSITE_DIR: wajib diisi/);
    expect(() => loadConfig({ DATA_DIR: dir, BACKUP_OFFSITE_DIR: "/mnt/c", BACKUP_RECIPIENT: "age1" + "q".repeat(58), BACKUP_OFFSITE_KEEP: "0" })).toThrow(
      /BACKUP_OFFSITE_KEEP/,
    );
  });

  it("when a key has the right shape but a wrong checksum (one character mistyped) then age refuses it with a message naming BACKUP_RECIPIENT", async () => {
    const good = await identityToRecipient(await generateIdentity());
    const typo = good.slice(0, -1) + (good.endsWith("q") ? "p" : "q");
    const c = loadConfig({ DATA_DIR: tmp(), BACKUP_OFFSITE_DIR: "/mnt/c", BACKUP_RECIPIENT: typo });
    await expect(checkRecipients(c.offsite?.recipients ?? [])).rejects.toThrow(OffsiteError);
    await expect(checkRecipients([typo])).rejects.toThrow(/BACKUP_RECIPIENT: kunci publik age .* tidak valid/);
  });
});

describe("off-site copies listed from the share", () => {
  it("when a manifest on the share names a file outside the folder or another file then it is no copy (pruning and the drill never touch that file)", async () => {
    const { listOffsiteCopies } = await import("../../src/features/ops/offsite-copy.js");
    const root = tmp();
    const share = path.join(root, "share");
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(share);
    writeFileSync(path.join(root, "korban.txt"), "data");
    const manifest = (file: string) =>
      JSON.stringify({ format: "kerjasama-daerah-offsite", version: 1, file, sha256: "0", size: 0, createdAt: "2020-01-01T00:00:00.000Z" });
    writeFileSync(path.join(share, "a.kdbackup.age.json"), manifest("../korban.txt"));
    writeFileSync(path.join(share, "b.kdbackup.age.json"), manifest("/etc/passwd"));
    writeFileSync(path.join(share, "c.kdbackup.age.json"), manifest("d.kdbackup.age"));
    writeFileSync(path.join(share, "e.kdbackup.age.json"), manifest("e.kdbackup.age"));
    expect((await listOffsiteCopies(share)).map((c) => c.file)).toEqual(["e.kdbackup.age"]);
  });
});
