/**
 * @c2m/viewer: `<c2m-viewer>`, the 3D view of a c2m configurator. Importing this entry defines the
 * element; three.js and the viewer come with it, decoders only when a model needs them.
 *
 * @packageDocumentation
 */
import { C2mViewer } from './viewer-element.js';

if (!customElements.get('c2m-viewer')) customElements.define('c2m-viewer', C2mViewer);

export { C2mViewer, type SnapshotOptions } from './viewer-element.js';
export { ViewerEnvironmentEvent, ViewerErrorEvent, ViewerLoadEvent, ViewerProgressEvent, type ViewerErrorDetail, type ViewerProgressDetail } from './events.js';
export { setDecoderPath } from './three/decoders.js';
