import { describe, expect, it } from "vitest";
import { isConnectionFailure, uniqueViolation, violatesUnique } from "../../src/platform/db/errors.js";

// The shapes below are what each adapter throws, copied from real errors: @prisma/adapter-pg
// 7.10 on PostgreSQL 15 and pglite-prisma-adapter 0.7 on PGlite, for `Skpd.code`.
const adapterPg7 = {
  code: "P2002",
  meta: {
    modelName: "Skpd",
    driverAdapterError: {
      name: "DriverAdapterError",
      cause: {
        originalCode: "23505",
        originalMessage: 'duplicate key value violates unique constraint "Skpd_code_key"',
        kind: "UniqueConstraintViolation",
        constraint: { index: "Skpd_code_key" },
        table: "Skpd",
      },
    },
  },
};
const pglite = { cause: { code: "23505", detail: "Key (code)=(X1) already exists." } };

describe("database errors", () => {
  it("when adapter-pg 7 names only the index then the columns come from its name", () => {
    expect(uniqueViolation(adapterPg7)).toEqual(["code"]);
    expect(violatesUnique(adapterPg7, "code")).toBe(true);
    expect(violatesUnique(adapterPg7, "name")).toBe(false);
  });

  it("when the index covers several columns then each is named", () => {
    const multi = structuredClone(adapterPg7);
    multi.meta.driverAdapterError.cause.constraint.index = "NumberSeq_series_year_seq_key";
    multi.meta.driverAdapterError.cause.table = "NumberSeq";
    expect(uniqueViolation(multi)).toEqual(["series", "year", "seq"]);
  });

  it("when the index has a name of its own then it is still a unique violation, columns unknown", () => {
    const custom = structuredClone(adapterPg7);
    custom.meta.driverAdapterError.cause.constraint.index = "one_open_task_per_row";
    expect(uniqueViolation(custom)).toEqual([]);
  });

  it("when PGlite reports the violation then the columns come from its detail", () => {
    expect(uniqueViolation(pglite)).toEqual(["code"]);
    expect(uniqueViolation({ cause: { code: "23505", detail: 'Key (kind, "year", seq)=(a, 1, 2) already exists.' } })).toEqual(["kind", "year", "seq"]);
  });

  it("when the error is something else then it is not a unique violation", () => {
    expect(uniqueViolation(new Error("boom"))).toBeNull();
    expect(uniqueViolation(null)).toBeNull();
    expect(uniqueViolation({ code: "P2025" })).toBeNull();
  });

  it("when the server ends the session then it is a connection failure, wherever the code sits", () => {
    expect(isConnectionFailure({ code: "57P01" })).toBe(true);
    expect(
      isConnectionFailure({ meta: { driverAdapterError: { cause: { originalCode: "x", message: "terminating connection due to administrator command" } } } }),
    ).toBe(true);
    expect(isConnectionFailure(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionFailure(adapterPg7)).toBe(false);
  });
});
