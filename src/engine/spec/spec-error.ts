import { BerthError } from '../../errors.js';

/**
 * A model value the engine cannot be given as it is: an uninterpolated variable, a reference to
 * something the project does not define, a secret with no content. Thrown before anything is sent.
 */
export class ContainerSpecError extends BerthError {
  constructor(message: string, options: { hint?: string } = {}) {
    super('container-spec', message, options);
  }
}
