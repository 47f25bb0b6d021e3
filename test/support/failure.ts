/**
 * The error a promise rejects with, for tests that look into it; a promise that resolves, or
 * rejects with something that is not an Error, fails the test.
 */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`not an Error: ${String(error)}`, { cause: error });
  }
  throw new Error('it did not fail');
}
