import { expect } from '@open-wc/testing';
import { configurator, next, settled } from '../../testing/fixtures.js';
import type { C2mErrorEvent } from '../../events/events.js';
import { WORKER_THRESHOLD } from '../../internal/session.js';

// A page of its own (each test file runs in one): nothing else has imported the page's engine here.
// The dev server serves every module as a file of its own: room for all of their timings.
performance.clearResourceTimings();
performance.setResourceTimingBufferSize(10_000);
const fetched = (module: RegExp) => performance.getEntriesByType('resource').some((e) => module.test(new URL(e.name).pathname));
/**
 * The page's engine: the elements' module that imports it (the engine's own modules are the
 * worker's too, and Chromium lists a dedicated worker's module fetches with the page's).
 */
const PAGE_ENGINE = /\/elements\/src\/internal\/engine\.ts$/;

/** A large product file, streamed without a Content-Length. */
const PAD = WORKER_THRESHOLD.bytes + 10_000;

describe('<c2m-configurator engine="auto"> with a product file of unannounced length', () => {
  it('runs a large one in the worker and never fetches the page’s engine', async () => {
    const response = await fetch(`/__c2m/streamed/mug.json?pad=${PAD}`);
    expect(response.headers.get('content-length'), 'the fixture announces no length').to.equal(null);
    await response.body?.cancel();
    const el = await configurator({ src: `/__c2m/streamed/mug.json?pad=${PAD}` });
    expect(el.configuration!.session.mode).to.equal('worker');
    expect(fetched(PAGE_ENGINE), 'the page engine was fetched').to.equal(false);
    el.remove();
  });

  it('a large file with errors: worded by the worker in the page’s language, no engine fetched into the page', async () => {
    const el = document.createElement('c2m-configurator');
    el.persistence = 'none';
    el.lang = 'zh-CN';
    // Two values of one option with the same id (the mug's first option is a choice).
    const file = await (await fetch('/__c2m/products/mug.json')).json();
    file.options[0].values[1].id = file.options[0].values[0].id;
    el.src = URL.createObjectURL(new Blob([JSON.stringify(file) + ' '.repeat(PAD)], { type: 'application/json' }));
    const failed = next<C2mErrorEvent>(el, 'c2m-error');
    document.body.append(el);
    const e = await failed;
    expect(e.detail.code).to.equal('product');
    expect(e.detail.issues!.length).to.be.greaterThan(0);
    expect(e.detail.issues![0]!.message).to.match(/[\u4e00-\u9fff]/, 'worded in the page’s language');
    await settled(el);
    expect(fetched(PAGE_ENGINE), 'the page engine was fetched').to.equal(false);
    el.remove();
  });
});

describe('<c2m-configurator engine="auto"> with a compiled product of unannounced length', () => {
  it('measures it against its own threshold: larger than a product file’s, not than its own, it starts in the page', async () => {
    const pad = WORKER_THRESHOLD.bytes + Math.floor((WORKER_THRESHOLD.compiledBytes - WORKER_THRESHOLD.bytes) / 2);
    const el = await configurator({ src: `/__c2m/streamed/compiled/mug.json?pad=${pad}` });
    expect(el.configuration!.session.mode).to.equal('page');
    el.remove();
    const large = await configurator({ src: `/__c2m/streamed/compiled/mug.json?pad=${WORKER_THRESHOLD.compiledBytes + 10_000}` });
    expect(large.configuration!.session.mode).to.equal('worker');
    large.remove();
  });
});
