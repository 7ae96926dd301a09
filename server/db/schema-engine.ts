/**
 * Prisma's schema engine compiled to WASM, run in-process through a driver adapter.
 * The native engine binary cannot be downloaded on our machines, and the WASM one works the
 * same on PGlite and PostgreSQL, so migrations take one code path everywhere.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

// The wasm-bindgen glue has no type declarations; this is the slice of it we use.
interface SchemaEngine {
  diff(params: unknown): Promise<{ stdout: string }>;
  applyMigrations(params: unknown): Promise<{ appliedMigrationNames: string[] }>;
  free(): void;
}
interface SchemaEngineRuntime {
  SchemaEngine: { new: (config: unknown, log: (line: string) => void, adapter: unknown) => Promise<SchemaEngine> };
  __wbg_set_wasm(exports: unknown): void;
}

const require = createRequire(import.meta.url);
const ENGINE_MODULE = "@prisma/schema-engine-wasm/schema_engine_bg";
let runtimePromise: Promise<SchemaEngineRuntime> | undefined;

function loadRuntime(): Promise<SchemaEngineRuntime> {
  runtimePromise ??= (async () => {
    const runtime = (await import(/* webpackIgnore: true */ ENGINE_MODULE)) as SchemaEngineRuntime;
    const wasmPath = join(dirname(require.resolve(ENGINE_MODULE)), "schema_engine_bg.wasm");
    const wasmModule = new WebAssembly.Module(await readFile(wasmPath));
    const instance = new WebAssembly.Instance(wasmModule, { "./schema_engine_bg.js": runtime as unknown as WebAssembly.ModuleImports });
    runtime.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return runtime;
  })();
  return runtimePromise;
}

const filters = { externalTables: [], externalEnums: [] };

async function withEngine<T>(adapterFactory: SqlMigrationAwareDriverAdapterFactory, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const runtime = await loadRuntime();
  const engine = await runtime.SchemaEngine.new({ datamodels: undefined }, () => {}, bindMigrationAwareSqlAdapterFactory(adapterFactory));
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

async function schemaSource(path: string) {
  const absolute = resolve(path);
  return { tag: "schemaDatamodel", files: [{ path: absolute, content: await readFile(absolute, "utf8") }] };
}

/** Like `prisma migrate diff --from-schema A --to-schema B --script`; `from` undefined means an empty database. */
export async function diffSchemasSql(adapterFactory: SqlMigrationAwareDriverAdapterFactory, fromSchemaPath: string | undefined, toSchemaPath: string): Promise<string> {
  const from = fromSchemaPath ? await schemaSource(fromSchemaPath) : { tag: "empty" };
  const to = await schemaSource(toSchemaPath);
  return withEngine(adapterFactory, async (engine) => (await engine.diff({ from, to, script: true, exitCode: false, filters })).stdout);
}

/** Like `prisma migrate deploy`: applies pending prisma/migrations/<name>/migration.sql in order and records them in `_prisma_migrations`. */
export async function migrateDeploy(adapterFactory: SqlMigrationAwareDriverAdapterFactory, migrationsDir: string): Promise<string[]> {
  const names = (await readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const lockPath = join(migrationsDir, "migration_lock.toml");
  const migrationsList = {
    baseDir: resolve(migrationsDir),
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: { path: "migration.sql", content: { tag: "ok", value: await readFile(join(migrationsDir, name, "migration.sql"), "utf8") } },
      })),
    ),
  };
  const result = await withEngine(adapterFactory, (engine) => engine.applyMigrations({ migrationsList, filters }));
  return result.appliedMigrationNames;
}
