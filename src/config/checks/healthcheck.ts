import { configErrorAt } from '../config-error.js';
import { objectOr, servicePath, type ServiceUnderCheck } from './service-check.js';

const TEST_KINDS = ['CMD', 'CMD-SHELL', 'NONE'];

/**
 * A healthcheck test written as a list says first how to run the rest; the string form means
 * CMD-SHELL and needs no check.
 */
export function checkHealthcheckTest({ root, name, service }: ServiceUnderCheck): void {
  const test = objectOr(service.healthcheck)?.test;
  if (!Array.isArray(test)) return;
  const first = test[0];
  if (typeof first === 'string' && TEST_KINDS.includes(first)) return;
  const found = first === undefined ? 'is empty' : `starts with ${JSON.stringify(first)}`;
  throw configErrorAt(
    root,
    servicePath(name, 'healthcheck', 'test', ...(first === undefined ? [] : [0])),
    `service "${name}" has a healthcheck test that ${found}; it must start with "CMD", "CMD-SHELL" or "NONE"`,
    { hint: '["CMD", "curl", "-f", "http://localhost"] runs a program; ["CMD-SHELL", "curl -f http://localhost"] runs a shell line' },
  );
}
