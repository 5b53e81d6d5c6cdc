// The mug's page of the demo storefront, end to end in English and Simplified Chinese (see storefront.ts).
import { storefrontSuite } from './storefront.js';

storefrontSuite('mug');
