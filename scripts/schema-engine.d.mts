// Types for scripts/schema-engine.mjs (plain JavaScript so that `npm run db:diff` runs without a build).
export type SchemaFiles = [path: string, content: string][];
export type DiffTarget =
  | { tag: "empty" }
  | { tag: "schemaDatamodel"; files: { path: string; content: string }[] }
  | { tag: "schemaDatasource"; files: { path: string; content: string }[]; configDir: string };
export interface SchemaEngine {
  diff(params: { from: DiffTarget; to: DiffTarget; script: boolean; exitCode?: boolean | null }): Promise<{ exitCode: number; stdout: string | null }>;
  close(): void;
}
export function openSchemaEngine(adapterFactory: unknown, schemaFiles: SchemaFiles): Promise<SchemaEngine>;
export function datamodel(schemaFiles: SchemaFiles): DiffTarget;
export function datasource(schemaFiles: SchemaFiles): DiffTarget;
