/** Every test file runs the kernel with its fast path and packing, as the command line does. */
import { installFastPath } from '../src/sim/fast-path';
import { installPacking } from '../src/sim/packing';

installFastPath();
installPacking();
