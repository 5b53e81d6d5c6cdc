// The demo models: valid glTF by the Khronos validator, and exactly what scripts/make-assets.ts builds.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

interface Verdict {
  errors: number;
  warnings: number;
  messages: Array<{ code: string; message: string; pointer?: string }>;
}

describe('demo models', () => {
  for (const name of ['table.glb', 'suit.glb', 'mug.glb']) {
    it(`${name} passes the Khronos glTF validator with no errors and no warnings`, async () => {
      const verdict = await executeServerCommand<Verdict, unknown>('c2m-validate-model', { name });
      expect(verdict.errors, JSON.stringify(verdict.messages)).to.equal(0);
      expect(verdict.warnings, JSON.stringify(verdict.messages)).to.equal(0);
    });
  }

  it('the committed models are exactly what scripts/make-assets.ts builds', async function () {
    this.timeout(120_000);
    const r = await executeServerCommand<{ ok: boolean; output: string }, unknown>('c2m-check-assets');
    expect(r.ok, r.output).to.equal(true);
  });
});
