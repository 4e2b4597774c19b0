// Electronic signatures on case documents: who may paraf or sign which version, when.
// The rules themselves (kinds, rows, steps and their roles) are data in
// core/sop/signing.ts; this decides on one loaded document.
import { hasRole, type CurrentUser, type RoleName } from "../users/roles.js";
import { nextStep, SIGNING, SIGNING_ROLES, signingRuleOf, type SignPurpose, type SignStep } from "../sop/signing.js";
import { can as canCase, type CaseSubject } from "./case.js";

export type SignatureAction = "sign" | "settle";
export type SignatureSubject = {
  case: CaseSubject;
  kind: string;
  mime: string;
  /** The latest version of its kind: an older one is never signed. */
  isLatest: boolean;
  /** The purposes already on this version, in order. */
  done: readonly SignPurpose[];
  /** A signature was already made from this version (its result is a newer file, perhaps of the signed kind). */
  signedOnward?: boolean;
  /** For "settle": who asked for the unknown signature. */
  signerId?: number;
};

export const PDF = "application/pdf";

/**
 * Why the document cannot be signed now (a sentence for the page), or the step the
 * user would take. `null` reason means the user may sign.
 */
export type SigningState = {
  step: SignStep | null;
  reason: string | null;
  /** The reason is who the user is (403), not the document's state (409). */
  forbidden: boolean;
  /** The step's role the user signs in, when they may. */
  role: RoleName | null;
};

export function signingState(user: CurrentUser, s: SignatureSubject): SigningState {
  const st = stateOf(user, s);
  const role = st.step?.roles.find((r) => hasRole(user, r)) ?? null;
  return { ...st, forbidden: st.reason !== null && st.step !== null && role === null, role: st.reason === null ? role : null };
}

function stateOf(user: CurrentUser, s: SignatureSubject): { step: SignStep | null; reason: string | null } {
  const rule = signingRuleOf(s.kind);
  if (!rule || !canCase(user, "read", s.case))
    return {
      step: null,
      reason: SIGNING.some((r) => r.signedKind === s.kind)
        ? "Dokumen ini sudah lengkap ditandatangani pihak Pemkot."
        : "Dokumen jenis ini tidak ditandatangani secara elektronik.",
    };
  const step = nextStep(rule, s.done);
  if (!step) return { step: null, reason: "Dokumen ini sudah lengkap ditandatangani." };
  if (s.signedOnward) return { step: null, reason: "Versi ini sudah ditandatangani: hasilnya adalah versi berikutnya di daftar dokumen kasus." };
  if (s.case.status !== "IN_PROGRESS" || s.case.currentRow === null || !(rule.rows as readonly number[]).includes(s.case.currentRow))
    return {
      step,
      reason: `Dokumen ini ditandatangani pada langkah ${rule.rows.join(" atau ")}; kasus ini ${s.case.currentRow === null ? "sudah selesai" : `di langkah ${s.case.currentRow}`}.`,
    };
  if (!s.isLatest) return { step, reason: "Ada versi yang lebih baru dari dokumen ini: tanda tangani versi terbaru." };
  if (s.mime !== PDF) return { step, reason: "Yang ditandatangani adalah berkas PDF: buat versi PDF-nya lebih dahulu." };
  if (!hasRole(user, ...step.roles))
    return {
      step,
      reason:
        s.done.length === 0
          ? `Langkah berikutnya: ${step.purpose === "paraf" ? "paraf" : "tanda tangan"} ${step.as}.`
          : `Menunggu ${step.purpose === "paraf" ? "paraf" : "tanda tangan"} ${step.as}.`,
    };
  return { step, reason: null };
}

export function can(user: CurrentUser, action: SignatureAction, s: SignatureSubject): boolean {
  const rules: Record<SignatureAction, () => boolean> = {
    sign: () => signingState(user, s).reason === null,
    // An unknown outcome is settled by the signer, or by the Kabag or ADMIN when the signer is away.
    settle: () => canCase(user, "read", s.case) && (s.signerId === user.id || hasRole(user, "KABAG", "ADMIN")),
  };
  return rules[action]();
}

/** Does the user sign some kind of document (their certificate page, the menu)? */
export const signsDocuments = (user: CurrentUser) => hasRole(user, ...SIGNING_ROLES);
