// Which documents are signed electronically, at which SOP rows, by whom and in what
// order (paraf by the Kabag before the Walikota's signature, where the SOP has both).
// The signing page, the case page, the inbox and the policy read this list; nothing
// else names a signing role or row.
import type { RoleName } from "../users/roles.js";
import type { RowNo } from "./sop.js";
import type { DocKind } from "../documents/kinds.js";

export type SignPurpose = "paraf" | "ttd";
export const SIGN_PURPOSES: Record<SignPurpose, string> = { paraf: "Paraf", ttd: "Tanda tangan" };

export type SignStep = {
  purpose: SignPurpose;
  roles: RoleName[];
  /** The position the signer signs as (shown beside the signature). */
  as: string;
};

export type SigningRule = {
  kind: DocKind;
  /** The rows at which the document is signed (the case is at one of them). */
  rows: RowNo[];
  /** In order: each step waits for the ones before it. */
  steps: SignStep[];
  /** The kind the file becomes with its last step (the signed MoU that the numbering stamps); else the same kind. */
  signedKind?: DocKind;
};

const PARAF_KABAG: SignStep = { purpose: "paraf", roles: ["KABAG"], as: "Kepala Bagian Kerjasama" };
const TTD_PIMPINAN: SignStep = { purpose: "ttd", roles: ["PIMPINAN"], as: "Walikota Yogyakarta" };

export const SIGNING: readonly SigningRule[] = [
  // The telaah staf to the Walikota (rows 5 and 8), signed by the Kabag.
  { kind: "telaah", rows: [5, 8], steps: [{ purpose: "ttd", roles: ["KABAG"], as: "Kepala Bagian Kerjasama" }] },
  // The TKKSD minutes, from the meeting's close until the telaah that follows it.
  { kind: "notulen", rows: [4, 5], steps: [{ purpose: "ttd", roles: ["TKKSD"], as: "Ketua TKKSD" }] },
  // The offer letter, approved at row 9 and sent at row 10: the Kabag's paraf, then the Walikota's signature.
  { kind: "draft_surat_penawaran", rows: [9, 10], steps: [PARAF_KABAG, TTD_PIMPINAN], signedKind: "surat_penawaran" },
  // The city's side of the MoU (row 12) and of the PKS (row 17).
  { kind: "mou_final", rows: [12], steps: [PARAF_KABAG, TTD_PIMPINAN], signedKind: "mou_signed" },
  { kind: "pks_final", rows: [17], steps: [PARAF_KABAG, TTD_PIMPINAN], signedKind: "pks_signed" },
];

export const signingRuleOf = (kind: string): SigningRule | undefined => SIGNING.find((r) => r.kind === kind);

/** The next step of a document whose versions carry the purposes `done` (in order), or null when all are done. */
export function nextStep(rule: SigningRule, done: readonly SignPurpose[]): SignStep | null {
  return rule.steps[done.length] ?? null;
}

/** Every role that signs something (for the signer's certificate page and the menus). */
export const SIGNING_ROLES: readonly RoleName[] = [...new Set(SIGNING.flatMap((r) => r.steps.flatMap((s) => s.roles)))];
