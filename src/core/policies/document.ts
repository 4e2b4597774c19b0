// Who may open a document (its bytes, its text, its link): the case's reading rule,
// narrowed by the document's access class (core/documents/records.ts). The table below
// is the rule, as data; docs/records.md shows it. And who keeps the records: the
// metadata per kind, one document's access class, the retention report, disposals.
import { Prisma } from "../../generated/prisma/client.js";
import { hasRole, P3ADK_ROLES, type CurrentUser, type RoleName } from "../users/roles.js";
import type { AccessClass } from "../documents/records.js";
import { can as canCase, isOwnSkpd, type CaseSubject } from "./case.js";

type AccessRule = {
  /** Everyone who may read the case (the rule for biasa). */
  allReaders: boolean;
  /** These roles (a Plh/Plt holds the roles of the position they act in). */
  roles: readonly RoleName[];
  /** The SKPD that proposed the case. */
  ownSkpd: boolean;
  /** The user who uploaded (or made) this document. */
  uploader: boolean;
};

/**
 * Who may open a document of each class, among those who may read its case.
 * ADMIN opens only biasa by role: the administrator keeps the records' metadata
 * (code, retention, class, disposals) and sees names, never the content of a
 * terbatas or rahasia document unless it is theirs (docs/records.md).
 */
export const ACCESS_RULES: Record<AccessClass, AccessRule> = {
  biasa: { allReaders: true, roles: [], ownSkpd: true, uploader: true },
  terbatas: { allReaders: false, roles: [...P3ADK_ROLES, "TKKSD", "PIMPINAN"], ownSkpd: true, uploader: true },
  rahasia: { allReaders: false, roles: ["KABAG", "PIMPINAN"], ownSkpd: false, uploader: true },
};

export type DocumentSubject = { accessClass: string; uploadedById: number; case: CaseSubject };
export type DocumentAction = "open" | "classify";

/** An unknown class is treated as the strictest. */
const ruleOf = (accessClass: string): AccessRule => ACCESS_RULES[(Object.hasOwn(ACCESS_RULES, accessClass) ? accessClass : "rahasia") as AccessClass];

function mayOpen(user: CurrentUser, d: DocumentSubject): boolean {
  if (!canCase(user, "read", d.case)) return false;
  const rule = ruleOf(d.accessClass);
  return rule.allReaders || hasRole(user, ...rule.roles) || (rule.ownSkpd && isOwnSkpd(user, d.case.skpdId)) || (rule.uploader && d.uploadedById === user.id);
}

/** Who may change one document's access class: ADMIN and the Kabag (logged in the admin log). */
const CLASSIFIERS: readonly RoleName[] = ["ADMIN", "KABAG"];

export function can(user: CurrentUser, action: DocumentAction, d: DocumentSubject): boolean {
  switch (action) {
    case "open":
      return mayOpen(user, d);
    case "classify":
      return canCase(user, "read", d.case) && hasRole(user, ...CLASSIFIERS);
  }
  return false;
}

/** What the user sees of a document they may not open. */
export const RESTRICTED_TEXT = "Akses terbatas";

/** The refusal (403) of a document the user may see listed but not open. */
export const restrictedMessage = (accessClass: string) =>
  `Akses terbatas: dokumen ini berklasifikasi ${accessClass === "biasa" ? "Biasa" : accessClass === "terbatas" ? "Terbatas" : "Rahasia"} dan tidak dapat Anda buka. Hubungi Kepala Bagian Kerjasama bila Anda memerlukannya.`;

/**
 * The same rule as `can(user, "open", d)` as an SQL fragment over the document alias
 * `d` and its case `c` (fixed identifiers written in code), for search. The case's
 * reading rule is the caller's (`case.scopeSql`), as in every query of search.
 */
export function openSql(user: CurrentUser, d = "d", c = "c"): Prisma.Sql {
  for (const a of [d, c]) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a)) throw new Error(`not an SQL alias: ${a}`);
  const col = (alias: string, name: string) => Prisma.raw(`${alias}."${name}"`);
  const open = (Object.keys(ACCESS_RULES) as AccessClass[]).filter((k) => {
    const rule = ACCESS_RULES[k];
    return rule.allReaders || hasRole(user, ...rule.roles);
  });
  const or = [Prisma.sql`${col(d, "accessClass")} = ANY(${open}::text[])`];
  const bySkpd = (Object.keys(ACCESS_RULES) as AccessClass[]).filter((k) => ACCESS_RULES[k].ownSkpd);
  if (user.roles.includes("SKPD") && user.skpdId && bySkpd.length)
    or.push(Prisma.sql`(${col(c, "skpdId")} = ${user.skpdId} AND ${col(d, "accessClass")} = ANY(${bySkpd}::text[]))`);
  const byUploader = (Object.keys(ACCESS_RULES) as AccessClass[]).filter((k) => ACCESS_RULES[k].uploader);
  if (byUploader.length) or.push(Prisma.sql`(${col(d, "uploadedById")} = ${user.id} AND ${col(d, "accessClass")} = ANY(${byUploader}::text[]))`);
  return Prisma.sql`(${Prisma.join(or, " OR ")})`;
}

/** The records' keepers: the metadata per kind and disposals are ADMIN's; the retention report ADMIN's and the Kabag's. */
export type RecordsAction = "manageKinds" | "viewRetention" | "decideDisposal";
export function canRecords(user: CurrentUser, action: RecordsAction): boolean {
  switch (action) {
    case "manageKinds":
    case "decideDisposal":
      return hasRole(user, "ADMIN");
    case "viewRetention":
      return hasRole(user, "ADMIN", "KABAG");
  }
  return false;
}
