import { KubeApiError } from '../errors';

/** The KubeApiError a call throws; fails the test when it throws nothing or something else. */
export function thrownKubeApiError(run: () => unknown): KubeApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof KubeApiError) return error;
    throw error;
  }
  throw new Error('expected a KubeApiError');
}
