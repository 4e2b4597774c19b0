// Issue 22: the rule of who may read a case is written three times in policies/case.ts:
// `can(user, "read", c)` on a loaded case, `scope(user)` as a Prisma filter, and
// `scopeSql(user)` as SQL for the raw queries of search. They must select the same cases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "../../src/platform/must.js";
import { loadCurrentUser } from "../../src/features/auth/passport.js";
import type { CaseSubject } from "../../src/core/policies/case.js";
import { casePolicy } from "../../src/core/policies/index.js";
import { ALL_ROLES, type CurrentUser, type RoleName } from "../../src/core/users/roles.js";
import { buildTestApp, makeUser, type TestApp } from "../helpers/app.js";

const STATUSES: CaseSubject["status"][] = ["DRAFT", "IN_PROGRESS", "DONE", "REJECTED", "REFUSED", "DECLINED", "WITHDRAWN"];
const SKPDS = ["DLH", "DINKES", "DISPAR"];

let t: TestApp;
const identities: { name: string; user: CurrentUser }[] = [];

beforeAll(async () => {
  t = await buildTestApp({ demo: false });
  const skpd = await t.prisma.skpd.findMany({ where: { code: { in: SKPDS } }, orderBy: { code: "asc" } });
  expect(skpd.map((s) => s.code).sort()).toEqual([...SKPDS].sort());
  const [own, other, third] = SKPDS;
  const user = async (name: string, roles: RoleName[], skpdCode?: string) => {
    const u = await makeUser(t.prisma, { roles, skpdCode });
    identities.push({ name, user: (await loadCurrentUser(t.prisma, u.id))! });
    return u;
  };
  // Each role alone (SKPD with its own unit), and SKPD users of other units or of none.
  for (const role of ALL_ROLES) await user(role, [role], role === "SKPD" ? own : undefined);
  await user("SKPD of another unit", ["SKPD"], other);
  await user("SKPD without a unit", ["SKPD"]);
  await user("no role", []);
  // Several roles at once.
  await user("SKPD + PENATALAKSANA", ["SKPD", "PENATALAKSANA"], own);
  await user("SKPD + PIMPINAN", ["SKPD", "PIMPINAN"], other);
  await user("SKPD + ADMIN", ["SKPD", "ADMIN"], third);
  await user("PIMPINAN + KABAG", ["PIMPINAN", "KABAG"]);
  await user("TKKSD + KASUBBAG", ["TKKSD", "KASUBBAG"]);
  // Those who may start a renewal's draft for a unit that is not theirs (agreement-service
  // startRenewal: the register's managers; an SKPD user only for their own unit).
  const renewer = await user("P3ADK creator of a draft renewal", ["PENATALAKSANA"]);
  const skpdRenewer = await user("SKPD + PENATALAKSANA creator of a draft renewal in another unit", ["SKPD", "PENATALAKSANA"], other);
  // An SKPD-only user whose unit changed after they started a renewal: the draft is theirs, in a unit that no longer is.
  const movedRenewer = await user("SKPD-only creator of a draft in a unit that is no longer theirs", ["SKPD"], third);

  const creators = [...(await Promise.all(SKPDS.map((code) => makeUser(t.prisma, { roles: ["SKPD"], skpdCode: code })))), renewer, skpdRenewer, movedRenewer];
  const previous = await t.prisma.case.create({
    data: {
      definitionVersion: "test",
      title: "Kerja sama yang diperpanjang",
      status: "DONE",
      currentRow: null,
      skpdId: must(skpd[0], "an SKPD").id,
      createdById: must(creators[0], "a creator").id,
    },
  });
  for (const s of skpd) {
    for (const status of STATUSES) {
      for (const creator of creators) {
        await t.prisma.case.create({
          data: {
            definitionVersion: "test",
            title: `${status} ${s.code} oleh ${creator.username}`,
            status,
            currentRow: status === "DRAFT" ? 1 : status === "IN_PROGRESS" ? 5 : null,
            skpdId: s.id,
            createdById: creator.id,
            renewalOfId: creator === renewer || creator === skpdRenewer || creator === movedRenewer ? previous.id : null,
          },
        });
      }
    }
  }
}, 120_000);

// Unset when the set-up failed before the app was built.
afterAll(() => (t as TestApp | undefined)?.close());

describe("who may read a case", () => {
  it("when any identity reads cases of every status in several units then can, scope and scopeSql select exactly the same cases", async () => {
    const cases = await t.prisma.case.findMany({
      select: { id: true, skpdId: true, status: true, createdById: true, currentRow: true },
      orderBy: { id: "asc" },
    });
    expect(cases.length).toBe(1 + SKPDS.length * STATUSES.length * 6);
    const seen = new Set<string>();
    for (const { name, user } of identities) {
      const viaCan = cases.filter((c) => casePolicy.can(user, "read", c)).map((c) => c.id);
      const viaScope = (await t.prisma.case.findMany({ where: casePolicy.scope(user), select: { id: true }, orderBy: { id: "asc" } })).map((c) => c.id);
      const viaSql = (await t.prisma.$queryRaw<{ id: number }[]>`SELECT c."id" FROM "Case" c WHERE ${casePolicy.scopeSql(user, "c")} ORDER BY c."id"`).map(
        (r) => r.id,
      );
      expect({ name, viaScope, viaSql }).toEqual({ name, viaScope: viaCan, viaSql: viaCan });
      seen.add(viaCan.join(","));
    }
    // The identities differ: the rule is exercised, not trivially all or nothing.
    expect(seen.size).toBeGreaterThanOrEqual(6);
  });

  it("when a draft was started by someone outside its unit then only that unit's SKPD users, its creator and ADMIN read it", async () => {
    const renewer = identities.find((i) => i.name === "P3ADK creator of a draft renewal")!.user;
    const unit = await t.prisma.skpd.findUniqueOrThrow({ where: { code: SKPDS[2] } });
    const draft = await t.prisma.case.findFirstOrThrow({ where: { status: "DRAFT", createdById: renewer.id, skpdId: unit.id } });
    const readers = identities.filter(({ user }) => casePolicy.can(user, "read", draft)).map((i) => i.name);
    // The unit's own SKPD user here is the one whose unit changed to it (they read it as the unit's user).
    expect(readers.sort()).toEqual([
      "ADMIN",
      "P3ADK creator of a draft renewal",
      "SKPD + ADMIN",
      "SKPD-only creator of a draft in a unit that is no longer theirs",
    ]);
  });

  it("when the alias is not a plain SQL name then scopeSql refuses it", () => {
    expect(() => casePolicy.scopeSql(must(identities[0], "an identity").user, `c"; DROP TABLE "Case"; --`)).toThrow(/alias/);
  });
});
