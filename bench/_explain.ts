import { openDatabase } from "../server/db";
import { whenSql } from "../server/services/patterns/when";
const url = "postgresql://postgres@127.0.0.1:5432/flywheel_bench_learn_4814";
const db = await openDatabase({ databaseUrl: url }); const prisma = db.prisma;
const tenant = await prisma.tenant.findFirstOrThrow({ where: { name: "bench 100000" } });
const which = process.argv[2] ?? "when";
let sql = "";
if (which === "when") sql = whenSql(["replied", "booked", "converted"], [1, 2, 3, 5, 7, 14]);
await prisma.$transaction(async (tx) => {
  await tx.$queryRawUnsafe(`SELECT set_config('jit','off',true), set_config('work_mem','64MB',true), set_config('enable_memoize','off',true), set_config('enable_nestloop','off',true)`);
  const rows = await tx.$queryRawUnsafe<Array<Record<string, string>>>(`EXPLAIN (ANALYZE, BUFFERS off) ${sql}`, tenant.id, new Date(Date.now() - 365 * 86400000), new Date());
  console.log(rows.map((r) => Object.values(r)[0]).join("\n"));
}, { timeout: 600000 });
await prisma.$disconnect();
