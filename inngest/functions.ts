import type { InngestFunction } from "inngest";

/** Every Inngest function Flywheel serves. The foundation has none yet; capabilities add theirs here. */
export const functions: InngestFunction.Any[] = [];
