/** Next.js start-up hook: on the embedded default, keep the job schedules in-process. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startEmbeddedScheduler } = await import("./server/services/embedded-scheduler");
  startEmbeddedScheduler();
}
