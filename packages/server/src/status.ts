/** The life cycle of a received specification, as the protocol defines it. */
import type { SpecificationState } from '@c2m/client';

/** Where each state may go next; `shipped` and `rejected` are final. */
export const TRANSITIONS: Readonly<Record<SpecificationState, readonly SpecificationState[]>> = {
  received: ['accepted', 'rejected'],
  accepted: ['in_production', 'rejected'],
  in_production: ['shipped'],
  shipped: [],
  rejected: [],
};

/** Setting the current state again is allowed (a no-op). */
export function canTransition(from: SpecificationState, to: SpecificationState): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}
