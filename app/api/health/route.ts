import { getDb } from "@/server/db";

export const dynamic = "force-dynamic";

export async function GET() {
  const db = await getDb();
  await db.prisma.$queryRawUnsafe("SELECT 1");
  return Response.json({ ok: true, database: db.kind });
}
