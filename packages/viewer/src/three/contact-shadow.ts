/**
 * A soft contact shadow under the model, as product photography has: the model is drawn from below
 * into a small target as darkness by height above the floor, blurred twice, and shown on a
 * transparent plane at the model's base. Redrawn only when the model changes, not every frame.
 */
import {
  Box3, DoubleSide, Mesh, MeshBasicMaterial, OrthographicCamera, PlaneGeometry, Scene, ShaderMaterial, Vector3,
  WebGLRenderTarget, type Object3D, type WebGLRenderer,
} from 'three';
import { visibleBounds } from './bounds.js';

const SIZE = 256;

const darknessMaterial = () => new ShaderMaterial({
  uniforms: { darkness: { value: 1.6 } },
  vertexShader: 'varying float vDepth; void main(){ vec4 p = projectionMatrix * modelViewMatrix * vec4(position, 1.0); vDepth = p.z / p.w * 0.5 + 0.5; gl_Position = p; }',
  fragmentShader: 'uniform float darkness; varying float vDepth; void main(){ gl_FragColor = vec4(0.0, 0.0, 0.0, clamp((1.0 - vDepth) * darkness, 0.0, 1.0)); }',
  depthTest: true,
  depthWrite: true,
  side: DoubleSide, // open surfaces (a lapel, a plane) cast a shadow too
});

const blurMaterial = () => new ShaderMaterial({
  uniforms: { map: { value: null }, step: { value: [0, 0] } },
  vertexShader: 'varying vec2 vUv; void main(){ vUv = uv; gl_Position = vec4(position.xy, 0.0, 1.0); }',
  fragmentShader: `uniform sampler2D map; uniform vec2 step; varying vec2 vUv;
    void main(){
      vec4 sum = texture2D(map, vUv) * 0.2270270270;
      sum += (texture2D(map, vUv + step * 1.3846153846) + texture2D(map, vUv - step * 1.3846153846)) * 0.3162162162;
      sum += (texture2D(map, vUv + step * 3.2307692308) + texture2D(map, vUv - step * 3.2307692308)) * 0.0702702703;
      gl_FragColor = sum;
    }`,
  depthTest: false,
  depthWrite: false,
});

export class ContactShadow {
  /** The plane to add to the scene. */
  readonly plane: Mesh<PlaneGeometry, MeshBasicMaterial>;
  readonly #camera = new OrthographicCamera(-1, 1, 1, -1, 0, 1);
  readonly #target = new WebGLRenderTarget(SIZE, SIZE);
  readonly #blurTarget = new WebGLRenderTarget(SIZE, SIZE);
  readonly #darkness = darknessMaterial();
  readonly #blur = blurMaterial();
  readonly #quad = new Mesh(new PlaneGeometry(2, 2), this.#blur);
  readonly #quadScene = new Scene().add(this.#quad);
  readonly #box = new Box3();

  constructor() {
    this.plane = new Mesh(new PlaneGeometry(1, 1), new MeshBasicMaterial({ map: this.#target.texture, transparent: true, depthWrite: false, opacity: 0.9 }));
    this.plane.rotation.x = -Math.PI / 2;
    this.plane.renderOrder = -1;
    this.#quad.frustumCulled = false;
  }

  /** Fits the shadow to `model`'s current bounds and draws it. */
  update(renderer: WebGLRenderer, model: Object3D): void {
    const box = visibleBounds(model, this.#box);
    if (box.isEmpty()) {
      this.plane.visible = false;
      return;
    }
    const size = box.getSize(new Vector3());
    const center = box.getCenter(new Vector3());
    const extent = Math.max(size.x, size.z) * 1.5 + 0.05;
    const height = Math.max(size.y, 0.01);
    this.plane.visible = true;
    this.plane.position.set(center.x, box.min.y + 0.0005, center.z);
    // Seen from below the image is mirrored in x: the plane mirrors it back.
    this.plane.scale.set(-extent, extent, 1);
    // Looking up from the floor: near plane at the floor, far plane at the top of the model.
    const cam = this.#camera;
    cam.left = -extent / 2; cam.right = extent / 2; cam.top = extent / 2; cam.bottom = -extent / 2;
    cam.near = 0; cam.far = height;
    cam.position.set(center.x, box.min.y, center.z);
    cam.up.set(0, 0, -1);
    cam.lookAt(center.x, box.min.y + 1, center.z);
    cam.updateProjectionMatrix();
    cam.updateMatrixWorld();

    const previousTarget = renderer.getRenderTarget();
    const parent = model.parent;
    const scene = new Scene();
    scene.overrideMaterial = this.#darkness;
    scene.add(model);
    renderer.setRenderTarget(this.#target);
    renderer.setClearColor(0x000000, 0);
    renderer.clear();
    renderer.render(scene, cam);
    scene.remove(model);
    parent?.add(model);
    // Two blur passes, each horizontal then vertical, ping-ponging between the targets.
    for (const radius of [2.5, 1.2]) {
      this.#pass(renderer, this.#target, this.#blurTarget, [radius / SIZE, 0]);
      this.#pass(renderer, this.#blurTarget, this.#target, [0, radius / SIZE]);
    }
    renderer.setRenderTarget(previousTarget);
  }

  #pass(renderer: WebGLRenderer, from: WebGLRenderTarget, to: WebGLRenderTarget, step: [number, number]): void {
    this.#blur.uniforms.map!.value = from.texture;
    this.#blur.uniforms.step!.value = step;
    renderer.setRenderTarget(to);
    renderer.clear();
    renderer.render(this.#quadScene, this.#camera);
  }

  dispose(): void {
    this.plane.removeFromParent();
    this.plane.geometry.dispose();
    this.plane.material.dispose();
    this.#quad.geometry.dispose();
    this.#target.dispose();
    this.#blurTarget.dispose();
    this.#darkness.dispose();
    this.#blur.dispose();
  }
}
