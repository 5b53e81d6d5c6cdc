/**
 * Small, exact geometry for the demo models: indexed triangle lists with normals and glTF texture
 * coordinates (u to the right, v down). Units are metres. Deterministic: the same call always gives
 * the same numbers, so the generated files are byte-for-byte reproducible.
 */
export interface Geometry {
  positions: number[];
  normals: number[];
  uvs: number[];
  indices: number[];
}

export type Vec3 = [number, number, number];

const empty = (): Geometry => ({ positions: [], normals: [], uvs: [], indices: [] });

function normalize(v: Vec3): Vec3 {
  const l = Math.hypot(...v) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];

/** Appends a flat quad a-b-c-d (counter-clockwise seen from the front). */
function quad(g: Geometry, a: Vec3, b: Vec3, c: Vec3, d: Vec3, uv: [number, number, number, number] = [0, 0, 1, 1]): void {
  const n = normalize(cross(sub(b, a), sub(d, a)));
  const base = g.positions.length / 3;
  for (const p of [a, b, c, d]) g.positions.push(...p);
  for (let i = 0; i < 4; i++) g.normals.push(...n);
  const [u0, v0, u1, v1] = uv;
  g.uvs.push(u0, v1, u1, v1, u1, v0, u0, v0);
  g.indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
}

/** Merges geometries into one. */
export function merge(...parts: Geometry[]): Geometry {
  const g = empty();
  for (const p of parts) {
    const base = g.positions.length / 3;
    g.positions.push(...p.positions);
    g.normals.push(...p.normals);
    g.uvs.push(...p.uvs);
    g.indices.push(...p.indices.map((i) => i + base));
  }
  return g;
}

/** Moves every vertex by `offset`. */
export function translate(g: Geometry, offset: Vec3): Geometry {
  return { ...g, positions: g.positions.map((v, i) => v + offset[i % 3]!) };
}

/** Rotates about the y axis by `angle` radians. */
export function rotateY(g: Geometry, angle: number): Geometry {
  const c = Math.cos(angle), s = Math.sin(angle);
  const turn = (arr: number[]) => arr.map((v, i) => {
    const k = i % 3, x = arr[i - k]!, z = arr[i - k + 2]!;
    return k === 0 ? c * x + s * z : k === 2 ? -s * x + c * z : v;
  });
  return { ...g, positions: turn(g.positions), normals: turn(g.normals) };
}

/** Rotates about the z axis by `angle` radians. */
export function rotateZ(g: Geometry, angle: number): Geometry {
  const c = Math.cos(angle), s = Math.sin(angle);
  const turn = (arr: number[]) => arr.map((v, i) => {
    const k = i % 3, x = arr[i - k]!, y = arr[i - k + 1]!;
    return k === 0 ? c * x - s * y : k === 1 ? s * x + c * y : v;
  });
  return { ...g, positions: turn(g.positions), normals: turn(g.normals) };
}

/**
 * A box from `min` to `max`; `uvScale` metres per texture repeat (planar mapping per face).
 * `taper` shrinks the top (or bottom) face in x and z to that fraction: a tapered leg.
 */
export function box(min: Vec3, max: Vec3, uvScale = 1, taper = 1, taperAt: 'top' | 'bottom' = 'top'): Geometry {
  const g = empty();
  const [x0, y0, z0] = min, [x1, y1, z1] = max;
  const cx = (x0 + x1) / 2, cz = (z0 + z1) / 2;
  const tx = (x: number) => cx + (x - cx) * taper, tz = (z: number) => cz + (z - cz) * taper;
  const p = (x: number, y: number, z: number): Vec3 => (y === (taperAt === 'top' ? y1 : y0) ? [tx(x), y, tz(z)] : [x, y, z]);
  const u = (a: number, b: number) => [a / uvScale, b / uvScale] as const;
  const uv = (a0: number, b0: number, a1: number, b1: number): [number, number, number, number] => [...u(a0, b0), ...u(a1, b1)];
  quad(g, p(x0, y0, z1), p(x1, y0, z1), p(x1, y1, z1), p(x0, y1, z1), uv(x0, y0, x1, y1)); // front +z
  quad(g, p(x1, y0, z0), p(x0, y0, z0), p(x0, y1, z0), p(x1, y1, z0), uv(x0, y0, x1, y1)); // back
  quad(g, p(x1, y0, z1), p(x1, y0, z0), p(x1, y1, z0), p(x1, y1, z1), uv(z0, y0, z1, y1)); // right +x
  quad(g, p(x0, y0, z0), p(x0, y0, z1), p(x0, y1, z1), p(x0, y1, z0), uv(z0, y0, z1, y1)); // left
  quad(g, p(x0, y1, z1), p(x1, y1, z1), p(x1, y1, z0), p(x0, y1, z0), uv(x0, z0, x1, z1)); // top
  quad(g, p(x0, y0, z0), p(x1, y0, z0), p(x1, y0, z1), p(x0, y0, z1), uv(x0, z0, x1, z1)); // bottom
  return g;
}

/**
 * A solid of revolution about the y axis: `profile` is a list of [radius, y] from bottom to top;
 * `arc` limits it to part of a turn (centred on +z), `squash` scales z (an elliptic section).
 */
export function lathe(profile: Array<[number, number]>, segments: number, arc = Math.PI * 2, squash = 1): Geometry {
  const g = empty();
  const full = arc >= Math.PI * 2 - 1e-9;
  const cols = full ? segments + 1 : segments + 1;
  for (let j = 0; j < profile.length; j++) {
    const [r, y] = profile[j]!;
    const prev = profile[Math.max(0, j - 1)]!, next = profile[Math.min(profile.length - 1, j + 1)]!;
    const dr = next[0] - prev[0], dy = next[1] - prev[1];
    for (let i = 0; i < cols; i++) {
      const a = -arc / 2 + (arc * i) / segments;
      const s = Math.sin(a), c = Math.cos(a);
      g.positions.push(r * s, y, r * c * squash);
      // Normal of the profile (dy, -dr) turned around the axis.
      const n = normalize([dy * s, -dr, dy * c / squash]);
      g.normals.push(...n);
      g.uvs.push(i / segments, 1 - j / (profile.length - 1));
    }
  }
  for (let j = 0; j + 1 < profile.length; j++) {
    for (let i = 0; i < segments; i++) {
      const a = j * cols + i, b = a + 1, c = a + cols, d = c + 1;
      g.indices.push(a, b, d, a, d, c);
    }
  }
  return g;
}

/** A closed cylinder (a frustum when the radii differ) from y0 to y1 on the y axis. */
export function cylinder(r0: number, r1: number, y0: number, y1: number, segments = 24, squash = 1): Geometry {
  const side = lathe([[r0, y0], [r1, y1]], segments, Math.PI * 2, squash);
  return merge(side, disc(r0, y0, segments, -1, squash), disc(r1, y1, segments, 1, squash));
}

/** A flat disc at height y facing up (`facing` 1) or down (-1). */
export function disc(r: number, y: number, segments = 24, facing: 1 | -1 = 1, squash = 1): Geometry {
  const g = empty();
  g.positions.push(0, y, 0);
  g.normals.push(0, facing, 0);
  g.uvs.push(0.5, 0.5);
  for (let i = 0; i <= segments; i++) {
    const a = (Math.PI * 2 * i) / segments;
    g.positions.push(r * Math.sin(a), y, r * Math.cos(a) * squash);
    g.normals.push(0, facing, 0);
    g.uvs.push(0.5 + 0.5 * Math.sin(a), 0.5 - 0.5 * Math.cos(a));
  }
  for (let i = 1; i <= segments; i++) {
    if (facing === 1) g.indices.push(0, i, i + 1);
    else g.indices.push(0, i + 1, i);
  }
  return g;
}

/** A flat outline (convex polygon in x/z, counter-clockwise seen from above) extruded from y0 to y1. */
export function prism(outline: Array<[number, number]>, y0: number, y1: number, uvScale = 1): Geometry {
  const g = empty();
  const n = outline.length;
  const cap = (y: number, up: boolean) => {
    const base = g.positions.length / 3;
    for (const [x, z] of outline) {
      g.positions.push(x, y, z);
      g.normals.push(0, up ? 1 : -1, 0);
      g.uvs.push(x / uvScale, z / uvScale);
    }
    for (let i = 1; i + 1 < n; i++) {
      if (up) g.indices.push(base, base + i, base + i + 1);
      else g.indices.push(base, base + i + 1, base + i);
    }
  };
  cap(y1, true);
  cap(y0, false);
  let along = 0;
  for (let i = 0; i < n; i++) {
    const [ax, az] = outline[i]!, [bx, bz] = outline[(i + 1) % n]!;
    const length = Math.hypot(bx - ax, bz - az);
    quad(g, [ax, y0, az], [bx, y0, bz], [bx, y1, bz], [ax, y1, az], [along / uvScale, y0 / uvScale, (along + length) / uvScale, y1 / uvScale]);
    along += length;
  }
  return g;
}

/** A flat rectangle facing +z, centred on `center`, with texture coordinates covering it once. */
export function plane(center: Vec3, width: number, height: number): Geometry {
  const [x, y, z] = center, w = width / 2, h = height / 2;
  const g = empty();
  quad(g, [x - w, y - h, z], [x + w, y - h, z], [x + w, y + h, z], [x - w, y + h, z]);
  return g;
}

/** A tube along a polyline of points (for steel frames and hairpin legs). */
export function tube(points: Vec3[], radius: number, segments = 10): Geometry {
  const parts: Geometry[] = [];
  for (let i = 0; i + 1 < points.length; i++) parts.push(rod(points[i]!, points[i + 1]!, radius, segments));
  return merge(...parts);
}

/** A closed round rod from a to b. */
export function rod(a: Vec3, b: Vec3, radius: number, segments = 10): Geometry {
  const axis = sub(b, a);
  const length = Math.hypot(...axis);
  const dir = normalize(axis);
  // An orthonormal frame around the rod's axis.
  const helper: Vec3 = Math.abs(dir[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0];
  const u = normalize(cross(dir, helper)), v = cross(u, dir); // (u, dir, v) right-handed: no mirroring
  const g = cylinder(radius, radius, 0, length, segments);
  const map = (arr: number[], offset: boolean) => {
    const out: number[] = [];
    for (let i = 0; i < arr.length; i += 3) {
      const x = arr[i]!, y = arr[i + 1]!, z = arr[i + 2]!;
      for (let k = 0; k < 3; k++) out.push(u[k]! * x + dir[k]! * y + v[k]! * z + (offset ? a[k]! : 0));
    }
    return out;
  };
  return { ...g, positions: map(g.positions, true), normals: map(g.normals, false) };
}

/** Points on a rounded rectangle, an ellipse or a barrel, counter-clockwise seen from above. */
export function outline(shape: 'rounded' | 'oval' | 'boat', width: number, depth: number, segments = 48): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const a = width / 2, b = depth / 2;
  for (let i = 0; i < segments; i++) {
    const t = (-Math.PI * 2 * i) / segments;
    const c = Math.cos(t), s = Math.sin(t);
    if (shape === 'oval') out.push([a * c, b * s]);
    else if (shape === 'boat') out.push([a * Math.sign(c) * Math.abs(c) ** 0.5, b * s * (1 - 0.3 * c * c)]);
    else {
      // A superellipse: square-ish with soft corners.
      const e = 0.16;
      out.push([a * Math.sign(c) * Math.abs(c) ** e, b * Math.sign(s) * Math.abs(s) ** e]);
    }
  }
  return out;
}

/** Rotates about the x axis by `angle` radians. */
export function rotateX(g: Geometry, angle: number): Geometry {
  const c = Math.cos(angle), s = Math.sin(angle);
  const turn = (arr: number[]) => arr.map((v, i) => {
    const k = i % 3, y = arr[i - k + 1]!, z = arr[i - k + 2]!;
    return k === 1 ? c * y - s * z : k === 2 ? s * y + c * z : v;
  });
  return { ...g, positions: turn(g.positions), normals: turn(g.normals) };
}

/**
 * A flat plate: a convex outline in x/y (counter-clockwise seen from the front, +z) with thickness
 * from z0 to z1.
 */
export function plate(points: Array<[number, number]>, z0: number, z1: number, uvScale = 1): Geometry {
  return rotateX(prism(points.map(([x, y]) => [x, -y]), z0, z1, uvScale), Math.PI / 2);
}
