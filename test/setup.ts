/** Every test file runs the kernel with its fast path, as the command line and the workers do. */
import { installFastPath } from '../src/sim/fast-path';

installFastPath();
