// Pictures of the demo models for docs/shops/3d.md, taken with snapshot(): saved by the server
// command only when C2M_SCREENSHOTS=1 (`pnpm --filter @c2m/viewer screenshots`), checked always.
import { expect } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import type { AsyncSession } from '@c2m/rules';
import type { C2mViewer } from './viewer-element.js';
import { mountExample, type Example } from './testing/fixtures.js';

const SHOTS: Array<{ name: string; example: Example; values: Record<string, unknown>; focus?: string }> = [
  { name: 'table-oak-tapered', example: 'oak-table', values: { species: 'european_oak', leg_style: 'tapered', width: 1800 } },
  { name: 'table-walnut-wide', example: 'oak-table', values: { species: 'american_walnut', finish: 'natural_oil', leg_style: 'tapered', width: 2400 } },
  { name: 'table-steel-u-frame', example: 'oak-table', values: { species: 'ash', leg_style: 'u_frame', leg_finish: 'black_steel' } },
  { name: 'suit-navy-notch', example: 'suit', values: { fabric: 'vbc_perennial_navy', lapel_style: 'notch', buttons: 'two' } },
  { name: 'suit-flannel-peak', example: 'suit', values: { fabric: 'fox_flannel_grey', jacket_style: 'double_breasted', lapel_style: 'peak', buttons: 'db_6x2', lapel_width: 'wide' } },
  { name: 'suit-monogram', example: 'suit', values: { monogram: true, monogram_text: 'A.W.', monogram_thread: 'gold' }, focus: 'monogram_text' },
  { name: 'mug-celadon', example: 'mug', values: { glaze: 'celadon' } },
  { name: 'mug-engraved', example: 'mug', values: { glaze: 'white', engraving: true, engraving_text: '早安 Anna' }, focus: 'engraving_text' },
];

async function shoot(viewer: C2mViewer, session: AsyncSession, values: Record<string, unknown>, focus?: string): Promise<string> {
  const r = await session.setMany(values as Parameters<AsyncSession['setMany']>[0]);
  if (!r.ok) throw new Error(JSON.stringify(r));
  if (focus) viewer.focusOption = focus;
  await viewer.whenRendered();
  const snap = await viewer.snapshot({ type: 'image/png', width: 640, height: 480 });
  return snap.data!;
}

describe('screenshots for the docs', () => {
  before(() => emulateMedia({ reducedMotion: 'reduce' }));
  after(() => emulateMedia({ reducedMotion: 'no-preference' }));

  for (const shot of SHOTS) {
    it(shot.name, async () => {
      const { viewer, session } = await mountExample(shot.example, { width: 640, height: 480 });
      const data = await shoot(viewer, session, shot.values, shot.focus);
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
      expect([bitmap.width, bitmap.height]).to.deep.equal([640, 480]);
      await executeServerCommand('c2m-save-screenshot', { name: shot.name, data });
      viewer.remove();
    });
  }
});
