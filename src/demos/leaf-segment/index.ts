import type { StandaloneDemo } from '../../plugin/plugin';
import LeafSegment from './LeafSegment';

/** Leaf's segment mode: a pure model of the ID server's double buffer, drawn by its own view. */
const leafSegment: StandaloneDemo = { kind: 'standalone', Component: LeafSegment };

export default leafSegment;
