// The signing page of one document: its steps (done, next, waiting), whether this user
// signs now and with what, and a signature whose outcome is open.
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { CurrentUser } from "../../core/users/roles.js";
import { DOCUMENT_KINDS } from "../../core/documents/kinds.js";
import { SIGN_PURPOSES, signingRuleOf } from "../../core/sop/signing.js";
import { signingState, can } from "../../core/policies/signature.js";
import { signingSubject } from "./signing-subject.js";
import { possibleResults } from "./settle-unknown.js";
import { CONCLUSIONS, describeSignature } from "./verification.js";
import type { SignatureProvider, SignerStatus } from "./providers/provider.js";
import type { SignatureInfo } from "../../platform/pdf-signing/index.js";

export async function signingPage(prisma: PrismaClient, provider: SignatureProvider, user: CurrentUser, documentId: number) {
  const s = await signingSubject(prisma, user, documentId);
  const rule = signingRuleOf(s.doc.kind);
  const state = signingState(user, s.subject);
  const me = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true, nik: true } });
  const signer = { userId: user.id, name: user.fullName, email: me.email, nik: me.nik };
  // The provider is asked only when this user would sign now (BSrE's status is a network call).
  const status: SignerStatus | null = state.reason === null && !s.open ? await provider.status(signer) : null;
  const check = await prisma.pdfSignatureCheck.findUnique({ where: { sha256: s.doc.sha256 } });
  const signatures = Array.isArray(check?.signatures) ? (check.signatures as unknown as SignatureInfo[]).map(describeSignature) : [];
  return {
    doc: {
      id: s.doc.id,
      name: s.doc.originalName,
      kind: (DOCUMENT_KINDS as Record<string, string | undefined>)[s.doc.kind] ?? s.doc.kind,
      version: s.doc.version,
      mime: s.doc.mime,
      sizeKb: Math.ceil(s.doc.size / 1024),
    },
    caseInfo: { id: s.case.id, title: s.case.title, row: s.case.currentRow },
    steps: (rule?.steps ?? []).map((st, i) => ({
      label: `${SIGN_PURPOSES[st.purpose]} ${st.as}`,
      state: i < s.subject.done.length ? "done" : i === s.subject.done.length ? "next" : "waiting",
    })),
    canSign: state.reason === null && !s.open && status?.state === "READY",
    reason: state.reason,
    status,
    provider: { label: provider.label, secretKinds: provider.secretKinds },
    open: s.open
      ? {
          id: s.open.id,
          by: s.open.user.fullName,
          startedAt: s.open.startedAt,
          status: s.open.status,
          canSettle: can(user, "settle", { ...s.subject, signerId: s.open.userId }),
          results: await possibleResults(prisma, { caseId: s.doc.caseId, startedAt: s.open.startedAt, document: { kind: s.doc.kind } }),
        }
      : null,
    check: check?.conclusion ? { ...(CONCLUSIONS[check.conclusion] ?? { label: check.conclusion, tone: "info" as const }), signatures } : null,
  };
}
