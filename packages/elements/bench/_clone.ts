import { readFileSync } from 'node:fs';
import { serialize, deserialize } from 'node:v8';
import { parseUvl, toProductFile } from '@c2m/cli';
import { createPageSession as openSession } from '@c2m/rules';
for (const name of ['busybox_2010-05-02_14-17-07.uvl','ea2468.uvl','embtoolkit.uvl','uClinux-base.uvl']) {
  const { file } = toProductFile(parseUvl(readFileSync('../shared/models/'+name, 'utf8')));
  const r: any = await (openSession as any)({ file });
  const f = r.session.file, st = r.session.state;
  const time = (fn: () => unknown) => { let best = 1e9; for (let i=0;i<5;i++){ const t=performance.now(); fn(); best=Math.min(best, performance.now()-t);} return best.toFixed(1); };
  const sf = serialize(f), ss = serialize(st), sr = serialize(f.rules ?? []), so = serialize(f.options);
  const jf = JSON.stringify(f);
  console.log(name, `file ${sf.length}B deser ${time(()=>deserialize(sf))}ms (options ${so.length}B ${time(()=>deserialize(so))}ms, rules ${sr.length}B ${time(()=>deserialize(sr))}ms) JSON.parse ${jf.length}B ${time(()=>JSON.parse(jf))}ms; state ${ss.length}B deser ${time(()=>deserialize(ss))}ms`, Object.keys(f));
}
