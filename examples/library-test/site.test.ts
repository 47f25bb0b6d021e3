import { describe, expect, inject, it } from 'vitest';

describe('the web service of the stack', () => {
  it('serves the site', async () => {
    const response = await fetch(inject('webUrl'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Served by a stack that berth brought up');
  });

  it('answers 404 for a page it does not have', async () => {
    const response = await fetch(new URL('missing.html', inject('webUrl')));
    expect(response.status).toBe(404);
  });
});
