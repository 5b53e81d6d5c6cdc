/**
 * The product file's scene bindings, applied to a loaded model. Compiled once per model (names
 * resolved, missing ones reported), then applied on every change: every property any binding
 * touches goes back to the model's own value, then the bindings whose option has the bound value
 * apply in file order. So the view depends only on the current values, never on the order of
 * changes, and costs a few microseconds per binding.
 */
import { SRGBColorSpace, TextureLoader, RepeatWrapping, type Material, type Mesh, type MeshStandardMaterial, type Object3D, type Texture } from 'three';
import type { FileRef, Scene as SceneSpec, SceneAction, SelectionValue } from '@c2m/rules';
import type { LoadedModel } from './load-model.js';
import { ModelIndex, meshesOf } from './model-index.js';
import { TextSurface } from './text-surface.js';
import { DecalSurface } from './decal-surface.js';

/** What the bindings need from their surroundings. */
export interface BindingHost {
  /** Resolves a URL written in the product file (textures, fonts). */
  resolveUrl(url: string): string;
  /**
   * Work that loads something (a texture, a font, a decal image): when it settles, the bindings
   * are applied and drawn again, and `whenRendered` waits for it.
   */
  track(work: Promise<unknown>): void;
  warn(message: string): void;
}

type Apply = (value: SelectionValue) => void;

interface CompiledBinding {
  option: string;
  /** The bound value for choice/boolean options; `undefined`: any value (number, text, file). */
  value: string | boolean | undefined;
  actions: Apply[];
}

const AXES = { x: ['x'], y: ['y'], z: ['z'], xyz: ['x', 'y', 'z'] } as const;

/** `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa` → `[#rrggbb, alpha]`. */
export function parseColor(hex: string): [string, number] {
  let h = hex.slice(1);
  if (h.length <= 4) h = [...h].map((c) => c + c).join('');
  return [`#${h.slice(0, 6)}`, h.length >= 8 ? parseInt(h.slice(6, 8), 16) / 255 : 1];
}

function isFile(value: SelectionValue): value is FileRef {
  return typeof value === 'object' && value !== null;
}

export class SceneBindings {
  readonly #model: LoadedModel;
  readonly #index: ModelIndex;
  readonly #host: BindingHost;
  readonly #bindings: CompiledBinding[] = [];
  readonly #resets = new Map<string, () => void>();
  /** Run after the bindings: text and decals change only when their final value differs. */
  readonly #commits = new Map<string, () => void>();
  readonly #textures = new Map<string, Texture | null>();
  readonly #texts = new Map<Object3D, TextSurface>();
  readonly #decals = new Map<Mesh, DecalSurface>();
  readonly #variantMeshes = new Map<Mesh, Material | Material[]>();
  #disposed = false;
  /** Names the product file uses that the model does not have. */
  readonly warnings: string[] = [];

  constructor(model: LoadedModel, spec: SceneSpec | undefined, host: BindingHost) {
    this.#model = model;
    this.#host = host;
    this.#index = new ModelIndex(model);
    for (const mesh of model.variantMaterials.keys()) this.#variantMeshes.set(mesh, mesh.material);
    // Text surfaces first: they put their canvas into the node's material, which a material action's
    // reset must then keep.
    for (const b of spec?.bindings ?? []) {
      for (const a of b.actions) {
        if (a.type !== 'text') continue;
        const owner = this.#index.nodes.get(a.node)?.[0];
        const meshes = owner ? meshesOf([owner]) : [];
        if (owner && meshes.length > 0 && !this.#texts.has(owner)) this.#texts.set(owner, new TextSurface(meshes));
      }
    }
    spec?.bindings.forEach((b, i) => {
      const actions: Apply[] = [];
      b.actions.forEach((a, k) => {
        const compiled = this.#compile(a, (what) => this.#missing(`scene.bindings[${i}].actions[${k}] (option '${b.option}'): ${what}`));
        if (compiled) actions.push(compiled);
      });
      if (actions.length > 0) this.#bindings.push({ option: b.option, value: b.value as string | boolean | undefined, actions });
    });
  }

  #missing(message: string): void {
    this.warnings.push(message);
  }

  /** Registers how to put one property back, once per property. */
  #track(key: string, reset: () => void): void {
    if (!this.#resets.has(key)) this.#resets.set(key, reset);
  }

  #nodes(name: string, miss: (what: string) => void): Object3D[] {
    const nodes = this.#index.nodes.get(name);
    if (!nodes) miss(`the model has no node '${name}'`);
    return nodes ?? [];
  }

  #compile(a: SceneAction, miss: (what: string) => void): Apply | undefined {
    switch (a.type) {
      case 'variant': {
        const index = this.#model.variants.indexOf(a.name);
        if (index < 0) {
          miss(`the model has no material variant '${a.name}' (variants: ${this.#model.variants.join(', ') || 'none'})`);
          return undefined;
        }
        for (const [mesh, original] of this.#variantMeshes) this.#track(`${mesh.uuid}:material`, () => { mesh.material = original; });
        return () => {
          for (const [mesh, byVariant] of this.#model.variantMaterials) {
            const material = byVariant.get(index);
            if (!material) continue;
            mesh.material = material;
            this.#model.parser.assignFinalMaterial(mesh);
          }
        };
      }
      case 'material': {
        const materials = (this.#index.materials.get(a.material) ?? []) as MeshStandardMaterial[];
        if (materials.length === 0) {
          miss(`the model has no material '${a.material}'`);
          return undefined;
        }
        for (const m of materials) {
          const base = { color: m.color?.clone(), opacity: m.opacity, transparent: m.transparent, roughness: m.roughness, metalness: m.metalness, map: m.map };
          this.#track(`${m.uuid}:material`, () => {
            if (base.color) m.color.copy(base.color);
            m.opacity = base.opacity;
            m.transparent = base.transparent;
            if (base.roughness !== undefined) m.roughness = base.roughness;
            if (base.metalness !== undefined) m.metalness = base.metalness;
            if (m.map !== base.map) {
              m.map = base.map;
              m.needsUpdate = true;
            }
          });
        }
        const [hex, alpha] = a.color ? parseColor(a.color) : [undefined, 1];
        return () => {
          const texture = a.texture === undefined ? undefined : this.#texture(a.texture);
          for (const m of materials) {
            if (hex && m.color) {
              m.color.set(hex);
              m.opacity = alpha;
              m.transparent = alpha < 1 || m.transparent;
            }
            if (a.roughness !== undefined && m.roughness !== undefined) m.roughness = a.roughness;
            if (a.metalness !== undefined && m.metalness !== undefined) m.metalness = a.metalness;
            if (texture && m.map !== texture) {
              if (!m.map) m.needsUpdate = true;
              m.map = texture;
            }
          }
        };
      }
      case 'visibility': {
        const nodes = a.nodes.flatMap((n) => this.#nodes(n, miss));
        if (nodes.length === 0) return undefined;
        for (const n of nodes) {
          const base = n.visible;
          this.#track(`${n.uuid}:visible`, () => { n.visible = base; });
        }
        return () => { for (const n of nodes) n.visible = a.visible; };
      }
      case 'morph': {
        const meshes = this.#index.meshesNamed(a.mesh).filter((m) => m.morphTargetDictionary?.[a.target] !== undefined);
        if (meshes.length === 0) {
          miss(this.#index.meshesNamed(a.mesh).length === 0 ? `the model has no mesh '${a.mesh}'` : `mesh '${a.mesh}' has no morph target '${a.target}'`);
          return undefined;
        }
        for (const m of meshes) {
          const i = m.morphTargetDictionary![a.target]!;
          const base = m.morphTargetInfluences![i]!;
          this.#track(`${m.uuid}:morph:${i}`, () => { m.morphTargetInfluences![i] = base; });
        }
        return () => {
          for (const m of meshes) m.morphTargetInfluences![m.morphTargetDictionary![a.target]!] = a.weight ?? 1;
        };
      }
      case 'scale':
      case 'translate': {
        const nodes = this.#nodes(a.node, miss);
        if (nodes.length === 0) return undefined;
        const prop = a.type === 'scale' ? 'scale' : 'position';
        for (const n of nodes) {
          const base = n[prop].clone();
          this.#track(`${n.uuid}:${prop}`, () => { n[prop].copy(base); });
        }
        const axes = AXES[a.axis];
        return (value) => {
          if (typeof value !== 'number') return;
          for (const n of nodes) {
            for (const axis of axes) {
              if (a.type === 'scale') n.scale[axis] *= value / a.reference;
              else n.position[axis] += a.factor * (value - a.reference);
            }
          }
        };
      }
      case 'text': {
        const owner = this.#nodes(a.node, miss)[0];
        const surface = owner && this.#texts.get(owner);
        if (!owner || !surface) {
          if (owner) miss(`node '${a.node}' has no mesh to write on`);
          return undefined;
        }
        const font = a.font === undefined ? undefined : this.#host.resolveUrl(a.font);
        const color = a.color ?? '#1a1a1a';
        let next = '';
        this.#track(`${owner.uuid}:text`, () => { next = ''; });
        this.#commits.set(`${owner.uuid}:text`, () => surface.set(next, color, font, this.#host));
        return (value) => { next = typeof value === 'string' ? value : ''; };
      }
      case 'decal': {
        const mesh = meshesOf(this.#nodes(a.node, miss))[0];
        if (!mesh) return undefined;
        let surface = this.#decals.get(mesh);
        if (!surface) {
          surface = new DecalSurface(mesh, a.position, a.size);
          this.#decals.set(mesh, surface);
        }
        let next: string | undefined;
        this.#track(`${mesh.uuid}:decal`, () => { next = undefined; });
        this.#commits.set(`${mesh.uuid}:decal`, () => {
          const loading = surface.set(next, (m) => this.#host.warn(m));
          if (loading) this.#host.track(loading);
        });
        return (value) => { next = isFile(value) && value.url ? this.#host.resolveUrl(value.url) : undefined; };
      }
    }
  }

  #texture(url: string): Texture | undefined {
    const resolved = this.#host.resolveUrl(url);
    if (!this.#textures.has(resolved)) {
      this.#textures.set(resolved, null);
      this.#host.track(new TextureLoader().loadAsync(resolved).then(
        (texture) => {
          texture.colorSpace = SRGBColorSpace;
          texture.flipY = false; // glTF texture coordinates
          texture.wrapS = texture.wrapT = RepeatWrapping;
          if (this.#disposed) texture.dispose();
          else this.#textures.set(resolved, texture);
        },
        () => this.#host.warn(`the texture ${resolved} could not be loaded`),
      ));
    }
    return this.#textures.get(resolved) ?? undefined;
  }

  /**
   * Shows the model for these values: every touched property back to the model's, then every
   * binding whose option has the bound value (choice, boolean) or any value (number, text, file).
   */
  apply(values: Readonly<Record<string, SelectionValue>>): void {
    for (const reset of this.#resets.values()) reset();
    for (const b of this.#bindings) {
      const value = values[b.option];
      if (value === undefined || value === null) continue;
      if (b.value !== undefined && value !== b.value) continue;
      for (const act of b.actions) act(value);
    }
    for (const commit of this.#commits.values()) commit();
  }

  /** Frees what the bindings created (text materials, decals, textures); the model stays. */
  dispose(): void {
    this.#disposed = true;
    for (const reset of this.#resets.values()) reset();
    this.#commits.clear();
    for (const t of this.#texts.values()) t.dispose();
    for (const d of this.#decals.values()) d.dispose();
    for (const t of this.#textures.values()) t?.dispose();
    this.#texts.clear();
    this.#decals.clear();
    this.#textures.clear();
  }
}
