// casePermissions: everything the case page may offer, decided by the policies at once.
import { describe, expect, it } from "vitest";
import { authorize, casePermissions, type PermissionCase } from "../../src/core/policies/index.js";
import { grantedActing, rolesWithActing } from "../../src/core/policies/delegation.js";
import { actingRole, heldAsActing, heldSkpd, holdsTask, taskSkpdId } from "../../src/core/policies/task.js";
import { isAdminAccount } from "../../src/core/policies/admin.js";
import { AppError } from "../../src/platform/errors.js";
import type { CurrentUser, RoleName } from "../../src/core/users/roles.js";
import { GATES } from "../../src/core/sop/kinds.js";

let nextId = 1;
const user = (roles: RoleName[], skpdId: number | null = null, extra: Partial<CurrentUser> = {}): CurrentUser => ({
  id: nextId++,
  username: `u${nextId}`,
  fullName: "Pengguna",
  roles,
  skpdId,
  skpdName: null,
  skpdCode: null,
  mustChangePassword: false,
  ...extra,
});
const at = (currentRow: number | null, status: PermissionCase["status"] = "IN_PROGRESS", extra: Partial<PermissionCase> = {}): PermissionCase => ({
  skpdId: 7,
  status,
  createdById: 999,
  currentRow,
  signedPksOn: null,
  ...extra,
});

const skpd = user(["SKPD"], 7);
const otherSkpd = user(["SKPD"], 8);
const penatalaksana = user(["PENATALAKSANA"]);
const penelaah = user(["PENELAAH"]);
const kabag = user(["KABAG"]);
const pimpinan = user(["PIMPINAN"]);

describe("casePermissions", () => {
  it("when the proposing SKPD opens its draft then it may edit, comment and withdraw it, and nothing of the later rows", () => {
    const p = casePermissions(skpd, at(1, "DRAFT"));
    expect(p).toMatchObject({
      read: true,
      edit: true,
      comment: true,
      withdraw: true,
      ownSkpd: true,
      distribute: false,
      running: false,
      reportProgress: false,
      uploadAnyTime: false,
    });
    expect(p.gate).toEqual({ record: false, recordable: [] });
  });

  it("when another SKPD's user looks at a draft then every permission is false", () => {
    const p = casePermissions(otherSkpd, at(1, "DRAFT"));
    const flat = [
      p.read,
      p.edit,
      p.comment,
      p.upload,
      p.withdraw,
      p.distribute,
      p.reportProgress,
      p.evaluation.fill,
      p.evaluation.selfReport,
      p.gate.record,
      ...Object.values(p.obligation),
    ];
    expect(flat).toEqual(Array<boolean>(flat.length).fill(false));
  });

  it("when the Penatalaksana opens a case then distribution is offered only at the distribution rows", () => {
    expect(casePermissions(penatalaksana, at(15)).distribute).toBe(true);
    expect(casePermissions(penatalaksana, at(19)).distribute).toBe(true);
    expect(casePermissions(penatalaksana, at(16)).distribute).toBe(false);
    expect(casePermissions(penelaah, at(15)).distribute).toBe(false);
    expect(casePermissions(penatalaksana, at(15))).toMatchObject({
      voidNumber: true,
      replaceNumber: true,
      stampCopy: true,
      uploadAnyTime: true,
      edit: false,
      withdraw: false,
    });
  });

  it("when the agreement runs then the SKPD reports progress and Bagian Kerjasama schedules it and starts ad-hoc evaluations", () => {
    for (const row of [20, 21]) {
      expect(casePermissions(skpd, at(row))).toMatchObject({ running: true, reportProgress: true, setProgressSchedule: false, startAdhocEvaluation: false });
      expect(casePermissions(penelaah, at(row))).toMatchObject({ running: true, reportProgress: false, setProgressSchedule: true, startAdhocEvaluation: true });
    }
    expect(casePermissions(skpd, at(19))).toMatchObject({ running: false, reportProgress: false });
    expect(casePermissions(penelaah, at(21, "DONE"))).toMatchObject({ running: false, setProgressSchedule: false, startAdhocEvaluation: false });
  });

  it("when approvals apply then they are recorded from row 7 to the PKS signing, each by the roles it names", () => {
    const gates = [GATES.TKKSD_MOU, GATES.DPRD];
    expect(casePermissions(kabag, at(12), gates).gate).toEqual({ record: true, recordable: ["DPRD"] });
    expect(casePermissions(kabag, at(6), gates).gate).toEqual({ record: false, recordable: [] });
    expect(casePermissions(kabag, at(18), gates).gate).toEqual({ record: false, recordable: [] });
    expect(casePermissions(skpd, at(12), gates).gate.record).toBe(false);
  });

  it("when the PKS is signed then Bagian Kerjasama records obligations and the SKPD reports them while the agreement runs", () => {
    const signed = at(20, "IN_PROGRESS", { signedPksOn: new Date("2026-01-05") });
    expect(casePermissions(penatalaksana, signed).obligation).toEqual({ read: true, record: true, cancel: true, report: false });
    expect(casePermissions(skpd, signed).obligation).toEqual({ read: true, record: false, cancel: false, report: true });
    expect(casePermissions(penatalaksana, at(16)).obligation.record).toBe(false);
  });

  it("when the Pimpinan reads a case then it may only read", () => {
    expect(casePermissions(pimpinan, at(12))).toMatchObject({ read: true, comment: false, upload: false, distribute: false, edit: false });
  });
});

describe("authorize", () => {
  it("when the policy refuses then it throws the app's 403 with the message given, in Indonesian", () => {
    let caught: unknown;
    try {
      authorize(pimpinan, "case.comment", at(12), "Akun pimpinan hanya dapat melihat.");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({ status: 403, code: "FORBIDDEN", userMessage: "Akun pimpinan hanya dapat melihat." });
    expect(() => authorize(skpd, "delegation.manage", undefined)).toThrow("Anda tidak berwenang melakukan tindakan ini.");
  });

  it("when the policy allows then it returns", () => {
    expect(() => authorize(penatalaksana, "case.distribute", at(15))).not.toThrow();
    expect(() => authorize(kabag, "gate.record", { case: at(12), gate: GATES.DPRD })).not.toThrow();
    expect(() => authorize(kabag, "gate.record", { case: at(12), gate: GATES.TKKSD_MOU })).toThrow(AppError);
  });
});

describe("acting officials and tasks", () => {
  const stored = (absentRoles: RoleName[], createdById = 1) => ({
    id: 5,
    kind: "PLH" as const,
    absentId: 50,
    absentName: "Agus",
    roles: absentRoles,
    createdById,
  });

  it("when an appointment follows the rule then it grants the absent holder's positions only; when it breaks it then nothing", () => {
    const granted = grantedActing(40, ["KASUBBAG"], [stored(["KABAG", "SKPD"])]);
    expect(granted).toEqual([{ id: 5, kind: "PLH", absentName: "Agus", roles: ["KABAG"] }]);
    expect(rolesWithActing(["KASUBBAG"], granted)).toEqual(["KASUBBAG", "KABAG"]);
    // A Penatalaksana may not act for the Kabag; nobody records their own appointment.
    expect(grantedActing(40, ["PENATALAKSANA"], [stored(["KABAG"])])).toEqual([]);
    expect(grantedActing(40, ["KASUBBAG"], [stored(["KABAG"], 40)])).toEqual([]);
  });

  it("when a Plh holds a task then own roles are preferred, the task is held and the inbox names the acting position", () => {
    const acting = grantedActing(41, ["KASUBBAG"], [stored(["KABAG"])]);
    const plh = user(rolesWithActing(["KASUBBAG"], acting), null, { acting, ownRoles: ["KASUBBAG"] });
    expect(actingRole(plh, ["KABAG", "KASUBBAG"], 7)).toBe("KASUBBAG");
    expect(actingRole(plh, ["KABAG"], 7)).toBe("KABAG");
    expect(holdsTask(plh, { roles: ["KABAG"], skpdId: null })).toBe(true);
    expect(heldAsActing(plh, { roles: ["KABAG"], skpdId: null })).toBe("Plh Kepala Bagian Kerjasama (Agus)");
    expect(heldAsActing(plh, { roles: ["KASUBBAG"], skpdId: null })).toBeNull();
    expect(holdsTask(skpd, { roles: ["SKPD"], skpdId: 8 })).toBe(false);
    expect(actingRole(skpd, ["SKPD"], 8)).toBeNull();
  });

  it("when the SQL-side helpers are asked then they give the SKPD unit held, a new task's unit and an admin account", () => {
    expect([heldSkpd(skpd), heldSkpd(penelaah)]).toEqual([7, null]);
    expect([taskSkpdId(["SKPD", "PENELAAH"], 7), taskSkpdId(["PENELAAH"], 7)]).toEqual([7, null]);
    expect([isAdminAccount(["ADMIN", "KABAG"]), isAdminAccount(["KABAG"])]).toEqual([true, false]);
  });
});
