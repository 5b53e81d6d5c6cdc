import { expect } from '@open-wc/testing';
import { configurator, eventually } from '../../testing/fixtures.js';

// A page of its own (each test file runs in one): nothing else has imported the order client here.
// The dev server serves every module as a file of its own: room for all of their timings.
performance.clearResourceTimings();
performance.setResourceTimingBufferSize(10_000);
const clientFetched = () => performance.getEntriesByType('resource').some((e) => /\/client\/src\/index\.ts(\?|$)/.test(e.name));

describe('<c2m-configurator> order client', () => {
  it('is fetched once the configurator is shown with an endpoint, not with the product', async () => {
    let atReady: boolean | undefined;
    addEventListener('c2m-ready', () => (atReady ??= clientFetched()), { capture: true, once: true });
    const el = await configurator('mug', { endpoint: new URL('/__c2m/no-api', location.href).href });
    expect(atReady, 'the order client had been fetched when the configurator said it was ready').to.equal(false);
    await eventually(() => el.configuration?.outbox !== undefined, 'the outbox is connected');
    expect(clientFetched()).to.equal(true);
  });
});
