/** Marks nodes hidden in the model as delivered (KHR_node_visibility): the bindings show them. */
import type { Document, Node } from '@gltf-transform/core';
import { KHRNodeVisibility } from '@gltf-transform/extensions';

export function hide(doc: Document, ...nodes: Node[]): void {
  const ext = doc.createExtension(KHRNodeVisibility);
  for (const n of nodes) n.setExtension('KHR_node_visibility', ext.createVisibility().setVisible(false));
}
