// Prisma's schema engine as WebAssembly (@prisma/schema-engine-wasm), driven over a driver
// adapter. Prisma 7's CLI only runs the native schema engine, which it downloads from
// Prisma's own server (unreachable offline), so `npm run db:diff` and the drift check
// (test/integration/platform.test.ts) call the engine directly instead.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

let loaded;

async function load() {
  // The package's entry imports the .wasm file as an ES module, which Node 20 cannot do
  // without a flag: instantiate it here and hand it to wasm-bindgen's glue.
  const glueUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = await import(glueUrl);
  const bytes = await readFile(fileURLToPath(new URL("schema_engine_bg.wasm", glueUrl)));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return glue;
}

/**
 * A schema engine on `adapterFactory` (a migration-aware driver adapter factory such as
 * PrismaPGlite or PrismaPg). `schemaFiles` is a list of [path, content].
 */
export async function openSchemaEngine(adapterFactory, schemaFiles) {
  loaded ??= load();
  const { SchemaEngine } = await loaded;
  const adapter = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  // A driver error reaches the engine as an id in the adapter's registry: give back the original.
  const original = (e) => (typeof e?.id === "number" ? adapter.errorRegistry.consumeError(e.id)?.error : undefined) ?? e;
  const log = process.env.DEBUG_SCHEMA_ENGINE ? (line) => console.error(line) : () => undefined;
  let engine;
  try {
    engine = await SchemaEngine.new({ datamodels: schemaFiles }, log, adapter);
  } catch (e) {
    throw original(e);
  }
  const run = async (command, input) => {
    try {
      return await engine[command](input);
    } catch (e) {
      throw original(e);
    }
  };
  return {
    /** The engine's `diff` (the command behind `prisma migrate diff`). */
    diff: (params) => run("diff", { exitCode: null, filters: { externalTables: [], externalEnums: [] }, ...params }),
    close: () => engine.free(),
  };
}

/** A diff target: a schema given as [path, content] pairs. */
export const datamodel = (schemaFiles) => ({ tag: "schemaDatamodel", files: schemaFiles.map(([path, content]) => ({ path, content })) });

/** A diff target: the database the engine's adapter connects to. */
export const datasource = (schemaFiles) => ({ ...datamodel(schemaFiles), tag: "schemaDatasource", configDir: process.cwd() });
