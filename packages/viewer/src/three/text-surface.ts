/**
 * Text (an engraving, a monogram) drawn on a named node, Latin and CJK alike: the canvas uses the
 * manufacturer's font when given (loaded once), then the system's CJK fonts.
 */
import { Box3, CanvasTexture, SRGBColorSpace, Vector3, type Mesh, type MeshStandardMaterial, type Texture } from 'three';

const WIDTH = 768;
const fonts = new Map<string, Promise<string | undefined>>();
let fontCount = 0;

/** Loads a web font once per URL; resolves to its family name (or `undefined` when it failed). */
function loadFont(url: string, onWarning: (message: string) => void): Promise<string | undefined> {
  let family = fonts.get(url);
  if (!family) {
    const name = `c2m-viewer-font-${++fontCount}`;
    family = new FontFace(name, `url(${JSON.stringify(url)})`).load().then(
      (face) => { document.fonts.add(face); return name; },
      () => { onWarning(`the font ${url} could not be loaded; the text is drawn with a system font`); return undefined; },
    );
    fonts.set(url, family);
  }
  return family;
}

/** What a text surface needs from the bindings. */
export interface TextHost {
  warn(message: string): void;
  track(work: Promise<unknown>): void;
}

/**
 * The text goes into the colour map of the node's own material (the material's colour tints it, so
 * a `material` binding can colour the thread); the map is transparent around the letters.
 */
export class TextSurface {
  readonly #canvas = document.createElement('canvas');
  readonly #texture = new CanvasTexture(this.#canvas);
  readonly #materials = new Map<MeshStandardMaterial, { map: Texture | null; transparent: boolean }>();
  #drawn: string | undefined;
  #family: string | undefined;
  #font: string | undefined;

  constructor(meshes: readonly Mesh[]) {
    const size = new Box3();
    for (const mesh of meshes) {
      mesh.geometry.computeBoundingBox();
      size.union(mesh.geometry.boundingBox!);
    }
    const extent = size.getSize(new Vector3()).toArray().sort((a, b) => b - a);
    this.#canvas.width = WIDTH;
    this.#canvas.height = Math.min(WIDTH, Math.max(32, Math.round((WIDTH * (extent[1] || 1)) / (extent[0] || 1))));
    this.#texture.colorSpace = SRGBColorSpace;
    this.#texture.flipY = false; // glTF texture coordinates
    this.#texture.anisotropy = 4;
    for (const mesh of meshes) {
      for (const material of (Array.isArray(mesh.material) ? mesh.material : [mesh.material]) as MeshStandardMaterial[]) {
        if (this.#materials.has(material)) continue;
        this.#materials.set(material, { map: material.map, transparent: material.transparent });
        material.map = this.#texture;
        material.transparent = true;
        material.needsUpdate = true;
      }
    }
    this.set('', '#ffffff', undefined, { warn() {}, track() {} });
  }

  /** Draws `text` in `color`; the same text, colour and font again costs nothing. */
  set(text: string, color: string, font: string | undefined, host: TextHost): void {
    if (font && font !== this.#font) {
      this.#font = font;
      host.track(loadFont(font, (m) => host.warn(m)).then((family) => { this.#family = family; }));
    }
    const key = `${color}\u0000${this.#family ?? ''}\u0000${text}`;
    if (key === this.#drawn) return;
    this.#drawn = key;
    const ctx = this.#canvas.getContext('2d')!;
    const { width, height } = this.#canvas;
    ctx.clearRect(0, 0, width, height);
    if (text) {
      const stack = `${this.#family ? `"${this.#family}", ` : ''}"Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Serif", serif`;
      let px = Math.floor(height * 0.72);
      ctx.font = `${px}px ${stack}`;
      const measured = ctx.measureText(text).width;
      if (measured > width * 0.92) {
        px = Math.max(8, Math.floor((px * width * 0.92) / measured));
        ctx.font = `${px}px ${stack}`;
      }
      ctx.fillStyle = color;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, width / 2, height / 2);
    }
    this.#texture.needsUpdate = true;
  }

  /** Gives the materials their own maps back and frees the texture. */
  dispose(): void {
    for (const [material, { map, transparent }] of this.#materials) {
      material.map = map;
      material.transparent = transparent;
      material.needsUpdate = true;
    }
    this.#materials.clear();
    this.#texture.dispose();
  }
}
