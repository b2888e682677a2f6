/** A conditional write that lost (the condition was false) is an answer, not an error. */
import { isError } from './aws-errors';

export async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isError(error, 'ConditionalCheckFailedException')) return false;
    throw error;
  }
}
