import { expect } from '@open-wc/testing';
import { configurator, deepQuery, EXAMPLES, next, settled } from '../../testing/fixtures.js';

describe('<c2m-configurator> loading', () => {
  it('loads each example product and renders every option that applies', async () => {
    for (const name of EXAMPLES) {
      const el = await configurator(name);
      const c = el.configuration!;
      const shown = c.state.domains.filter((d) => d.applicable).length;
      const options = [...el.shadowRoot!.querySelectorAll('c2m-option')];
      expect(options.length, name).to.equal(c.session.file.options.length);
      const rendered = options.filter((o) => o.shadowRoot!.querySelector('[part~="control"]'));
      expect(rendered.length, name).to.equal(shown);
      el.remove();
    }
  });
});
