/**
 * Waits for jobs being added to a queue, at most `ms`: a Redis that does not answer must not
 * hold the request (or job) that queued them. Throws when the time runs out; the add may still
 * finish later, and its late failure is swallowed. Callers whose jobs a sweep finds again log
 * and go on.
 */
export async function queuedWithin(adding: Promise<unknown>, ms = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      adding,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer in ${ms} ms`)), ms);
      }),
    ]);
  } catch (error) {
    adding.catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
