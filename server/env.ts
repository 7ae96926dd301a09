/** Server environment, parsed once. */
import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z.string().optional(),
  FLYWHEEL_DATA_DIR: z.string().optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NODE_ENV: z.string().optional(),
});

const parsed = schema.parse(process.env);

// Without NEXTAUTH_SECRET the embedded demo still runs; production deployments must set it.
export const authSecret = parsed.NEXTAUTH_SECRET ?? "flywheel-embedded-development-secret-change-me";
