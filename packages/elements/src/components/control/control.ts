export { C2mControl, type DomainOf } from './control.component.js';
